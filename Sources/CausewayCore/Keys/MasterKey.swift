import Crypto
import Foundation

/// The deployment's key-encryption key: 32 random bytes under which every secret the nodes
/// keep in the shared database is sealed (AES-256-GCM envelope, see ``seal(_:as:)``).
///
/// Invariant: a master key is exactly 256 bits. It never enters the database, so a copy of the
/// database alone can neither sign a rewritten log nor read the keys sealed in it. The nodes of
/// one deployment share it; a node joins with the database URL and this key.
///
/// A value type with no I/O: where it is read from and written to is the server's business.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The text is not 32 bytes in base64 or hex.
        case malformed
        /// The sealed value was not sealed under this key (or was altered, or belongs to another name).
        case wrongKey(name: String)
        /// The stored value is not in the sealed format.
        case notSealed(name: String)

        public var description: String {
            switch self {
            case .malformed: "a master key is 32 bytes written as base64 (44 characters) or hex (64 characters)"
            case .wrongKey(let name): "\(name) was not sealed under this master key"
            case .notSealed(let name): "\(name) is not a sealed value"
            }
        }
    }

    /// A new random key.
    public static func generate() -> MasterKey {
        MasterKey(key: SymmetricKey(size: .bits256))
    }

    /// Reads a key written as base64 or hex; surrounding white space (a file's final newline)
    /// is ignored.
    public init(text: String) throws(Failure) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let bytes = Data(base64Encoded: trimmed), bytes.count == 32 {
            key = SymmetricKey(data: bytes)
        } else if trimmed.count == 64, let bytes = Hex.bytes(trimmed) {
            key = SymmetricKey(data: bytes)
        } else {
            throw .malformed
        }
    }

    init(key: SymmetricKey) {
        self.key = key
    }

    /// The key as base64, the form written to a key file.
    public var text: String {
        key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// A short public name for the key (the first 8 bytes of its SHA-256, in hex), so that logs
    /// and error messages can say which key a node has without showing it.
    public var fingerprint: String {
        Hex.string(key.withUnsafeBytes { SHA256.hash(data: $0) }.prefix(8))
    }

    static let sealedPrefix = "sealed.v1."

    /// Seals `plaintext` for storage under `name`. The name is authenticated with it, so a
    /// sealed value copied under another name does not open.
    public func seal(_ plaintext: String, as name: String) -> String {
        // AES-GCM with a fresh random nonce only fails for malformed inputs, which these are not.
        guard let box = try? AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(name.utf8)),
              let combined = box.combined else {
            preconditionFailure("AES-GCM sealing with a 256-bit key and a random nonce cannot fail")
        }
        return Self.sealedPrefix + combined.base64EncodedString()
    }

    /// Opens what ``seal(_:as:)`` made under the same `name`.
    public func open(_ sealed: String, as name: String) throws(Failure) -> String {
        guard sealed.hasPrefix(Self.sealedPrefix),
              let combined = Data(base64Encoded: String(sealed.dropFirst(Self.sealedPrefix.count))) else {
            throw .notSealed(name: name)
        }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(name.utf8)), as: UTF8.self)
        } catch {
            throw .wrongKey(name: name)
        }
    }

    /// Whether a stored value is sealed (as opposed to a value stored in clear by an older node).
    public static func isSealed(_ value: String) -> Bool { value.hasPrefix(sealedPrefix) }
}
