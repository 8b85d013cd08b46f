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

    public func issue(for username: String, now: Date = Date()) async throws -> (token: String, expires: Date) {
        let claims = TokenClaims(issuer: Self.issuer, audience: Self.audience, subject: username, issuedAt: now, lifetime: lifetime)
        return (try await keys.sign(claims, kid: "session"), claims.exp.value)
    }

    /// The username a valid token was issued to; throws for anything else.
    public func verify(_ token: String) async throws -> String {
        try await TokenClaims.verify(token, with: keys, audience: Self.audience, issuer: Self.issuer).sub.value
    }
}
