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
    let clock: @Sendable () -> Date
    /// Derived from the session secret, so every node computes the same form tokens.
    let formKey: SymmetricKey

    static let issuer = "causeway"
    static let audience = "causeway-session"

    public init(secret: Data, lifetime: TimeInterval = 8 * 3600, clock: @escaping @Sendable () -> Date) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: SymmetricKey(data: secret)), digestAlgorithm: .sha256, kid: "session")
        self.keys = keys
        formKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("causeway-console-forms".utf8), using: SymmetricKey(data: secret)))
        self.lifetime = lifetime
        self.clock = clock
    }

    /// A session for `username` in their current `generation` (see ``UserRepository/endSessions(of:)``).
    public func issue(for username: String, generation: Int64 = 0) async throws -> (token: String, expires: Date) {
        let now = clock()
        let claims = TokenClaims(issuer: Self.issuer, audience: Self.audience, subject: username, issuedAt: now, lifetime: lifetime,
                                 generation: generation)
        return (try await keys.sign(claims, kid: "session"), claims.exp.value)
    }

    /// The username a valid token was issued to and the session generation it carries (0 for
    /// tokens from before generations); throws for anything else.
    public func verify(_ token: String) async throws -> (username: String, generation: Int64) {
        let claims = try await TokenClaims.verify(token, with: keys, audience: Self.audience, issuer: Self.issuer, now: clock())
        return (claims.sub.value, claims.gen ?? 0)
    }

    /// The CSRF token of the console forms posted under session `token`: a keyed hash of the
    /// session, so it needs no storage, is the same on every node, and ends with the session.
    public func formToken(for token: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: formKey)).base64URLEncoded
    }
}
