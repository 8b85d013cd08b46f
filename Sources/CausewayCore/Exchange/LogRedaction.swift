import Foundation

/// What of a caller's request may enter the public transparency log, and in what form.
///
/// Invariant: every string an exchange entry carries is either chosen by Causeway (a route,
/// a code, a number), a name the deployment itself registered (an agency, a dataset, a service,
/// an agreed purpose), a value of a fixed short syntax (a request id), or an *opaque* form:
/// `~` followed by the keyed hash of the text under the deployment's subject key. A reader of
/// the log without that key cannot tell what an opaque value was; a citizen's portal, which
/// hashes the person's identifier with the same key, can still find the calls about them,
/// whether the identifier came as `Causeway-Subject` or in the path.
///
/// Pure: the hash function is given (the server passes its ``SubjectHash``).
public struct LogRedaction: Sendable {
    let hash: @Sendable (String) -> String

    public init(hash: @escaping @Sendable (String) -> String) {
        self.hash = hash
    }

    /// The prefix that marks an opaque value.
    public static let opaqueMark = "~"

    /// `text` as the log may hold it when it is not a registered name.
    public func opaque(_ text: String) -> String {
        Self.opaqueMark + hash(text)
    }

    /// The hash inside an opaque value, or nil for a plain one.
    public static func hashInside(_ value: some StringProtocol) -> String? {
        value.hasPrefix(opaqueMark) ? String(value.dropFirst(opaqueMark.count)) : nil
    }

    /// A logged path: `route` (the fixed part, made of registered names) followed by each
    /// segment of `rest` (the caller's part below a service or a record set) made opaque. A
    /// segment is percent-decoded first, so `S1234567A` and `S1234567%41` hash alike and a
    /// portal hashing the identifier as a person types it finds both.
    public func path(route: String, rest: String) -> String {
        let segments = rest.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            opaque(segment.percentDecoded ?? String(segment))
        }
        return ([route] + segments).joined(separator: "/")
    }

    /// The opaque hashes a logged path carries, for the citizen's index.
    public static func hashes(inPath path: String) -> [String] {
        // Split by bytes, not characters: this runs for every entry the log writes.
        path.utf8.split(separator: UInt8(ascii: "/")).compactMap { hashInside(Substring($0)) }
    }

    /// A caller's `Causeway-Purpose` as the log may hold it: the code itself when an approved
    /// agreement names it (`agreed`), else `unknown` with the sent text's opaque hash.
    public func purpose(_ sent: String, agreed: Set<String>) -> (logged: String, hash: String?) {
        let code = sent.trimmingBlanks
        return agreed.contains(code) ? (code, nil) : ("unknown", opaque(sent))
    }

    /// A caller's `Causeway-Request-Id`, if it has the syntax of a generated id: a UUID, or 16 to
    /// 64 hexadecimal digits (a W3C trace id is 32). Anything else — an identifier a caller
    /// put there, a sentence — is not echoed into the log; the node uses an id of its own.
    public static func requestID(_ given: String?) -> String? {
        guard let given else { return nil }
        let bytes = Array(given.utf8)
        let hex = { (byte: UInt8) in (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte) }
        if (16...64).contains(bytes.count), bytes.allSatisfy(hex) { return given }
        if bytes.count == 36, UUID(uuidString: given) != nil { return given.lowercased() }
        return nil
    }

    /// An HTTP method as logged: the standard ones by name, any other as `OTHER` (a method is a
    /// token a caller may invent).
    public static func method(_ method: String) -> String {
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(method) ? method : "OTHER"
    }
}
