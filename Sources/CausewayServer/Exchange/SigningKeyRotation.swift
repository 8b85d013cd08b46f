import CausewayCore
import CausewayStore
import Foundation

/// Replaces the key that signs gateway access tokens, and says so in the transparency log: a
/// rotation changes which tokens the gateway trusts, so it is an event the public record shows
/// (who, when, the new key's id). The CLI and the operator's console page both rotate here.
public struct SigningKeyRotation: Sendable {
    let tokens: AccessTokens
    let log: LogAppender
    let clock: @Sendable () -> Date

    public static let eventKind = "keys.token-signing-rotated"

    /// Rotates, logs, and returns the new key's id. Running nodes pick the key up within a
    /// second; tokens signed with the previous key stay valid until they expire.
    public func rotate(by actor: String?) async throws -> String {
        let kid = try await tokens.rotate()
        _ = try await log.append([AuditEvent(kind: Self.eventKind, at: clock(), actor: actor, subject: "keys/token-signing", agencies: [],
                                             details: ["kid": kid])])
        return kid
    }
}
