import Crypto
import Foundation

/// The person a call is about (`Causeway-Subject`), stored only as a keyed hash: the log can
/// show a citizen the calls about them (they, or the portal acting for them, can compute the
/// hash with the deployment's key) without the log holding anyone's identifier in the clear.
public struct SubjectHash: Sendable {
    let key: SymmetricKey

    public init(key: Data) {
        self.key = SymmetricKey(data: key)
    }

    /// HMAC-SHA-256 of the identifier as sent, trimmed, in lower-case hex.
    public func hash(_ subject: String) -> String {
        let trimmed = subject.trimmingBlanks
        return Hex.string(HMAC<SHA256>.authenticationCode(for: Data(trimmed.utf8), using: key))
    }
}
