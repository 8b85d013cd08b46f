import Foundation
import JWTKit

/// The claims of every token Causeway issues — console sessions and gateway access tokens —
/// checked the same way: signature (by the key collection), expiry, then the audience and
/// issuer the verifying side expects, so a session token is never taken for an access token.
struct TokenClaims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim?
    /// Access tokens: the id of the client secret the token was issued under.
    var sid: String?
    /// Sessions: the user's session generation when the token was issued (see ``UserRepository``).
    var gen: Int64?

    init(issuer: String, audience: String, subject: String, issuedAt: Date, lifetime: TimeInterval, id: String? = nil,
         secret: String? = nil, generation: Int64? = nil) {
        sid = secret
        gen = generation
        iss = .init(value: issuer)
        aud = .init(value: [audience])
        sub = .init(value: subject)
        iat = .init(value: issuedAt)
        exp = .init(value: issuedAt.addingTimeInterval(lifetime))
        jti = id.map { IDClaim(value: $0) }
    }

    /// Nothing here: the expiry is checked in ``verify(_:with:audience:issuer:now:)`` against
    /// the node's clock, which JWTKit's own check (the system time) would bypass.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// Verifies `token` with `keys`, then its expiry at `now`, the audience and the issuer.
    static func verify(_ token: String, with keys: JWTKeyCollection, audience: String, issuer: String, now: Date) async throws -> TokenClaims {
        let claims = try await keys.verify(token, as: TokenClaims.self)
        try claims.exp.verifyNotExpired(currentDate: now)
        try claims.aud.verifyIntendedAudience(includes: audience)
        guard claims.iss.value == issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: claims.iss, reason: "wrong issuer")
        }
        return claims
    }
}
