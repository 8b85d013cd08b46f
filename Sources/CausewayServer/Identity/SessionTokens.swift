import CausewayCore
import Crypto
import Foundation
import JWTKit

/// Console and API sessions: a short JWT signed with a key all nodes share (kept in the
/// database), so any node verifies a token without a database read. The token names the user
/// only; roles are read fresh on each write, so a removed role takes effect at once.
public struct SessionTokens: Sendable {
    let keys: JWTKeyCollection
    public let lifetime: TimeInterval

    static let issuer = "causeway"
    static let audience = "causeway-session"

    public init(secret: Data, lifetime: TimeInterval = 8 * 3600) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: SymmetricKey(data: secret)), digestAlgorithm: .sha256, kid: "session")
        self.keys = keys
        self.lifetime = lifetime
    }

    struct Payload: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var sub: SubjectClaim
        var iat: IssuedAtClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
            try aud.verifyIntendedAudience(includes: SessionTokens.audience)
            guard iss.value == SessionTokens.issuer else {
                throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "wrong issuer")
            }
        }
    }

    public func issue(for username: String, now: Date = Date()) async throws -> (token: String, expires: Date) {
        let expires = now.addingTimeInterval(lifetime)
        let payload = Payload(
            iss: .init(value: Self.issuer), aud: .init(value: [Self.audience]), sub: .init(value: username),
            iat: .init(value: now), exp: .init(value: expires))
        return (try await keys.sign(payload, kid: "session"), expires)
    }

    /// The username a valid token was issued to; throws for anything else.
    public func verify(_ token: String) async throws -> String {
        try await keys.verify(token, as: Payload.self).sub.value
    }
}
