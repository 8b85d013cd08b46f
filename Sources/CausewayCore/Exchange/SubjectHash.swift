import Crypto
import Foundation

/// The person a call is about (`Causeway-Subject`), stored only as a keyed hash: the log can
/// show a citizen the calls about them (they, or the portal acting for them, can compute the
/// hash with the deployment's key) without the log holding anyone's identifier in the clear.
public struct SubjectHash: Sendable {
    /// The HMAC with the key already absorbed; each hash continues a copy of it, so the key's
    /// padding is hashed once, not on every call (the gateway hashes every call's path).
    private let keyed: HMAC<SHA256>

    public init(key: Data) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    /// HMAC-SHA-256 of the identifier as sent, trimmed, in lower-case hex.
    public func hash(_ subject: String) -> String {
        var mac = keyed
        mac.update(data: Array(subject.trimmingBlanks.utf8))
        return Hex.string(mac.finalize())
    }
}
