import Crypto
import Foundation

/// The C2SP signed-note format (c2sp.org/signed-note) with Ed25519 keys: text, a blank line,
/// then `— <key name> <base64(key ID ‖ signature)>` lines. It is what Go's `sumdb/note`, the
/// tlog tools and witnesses read, so a checkpoint signed this way needs no Causeway code to
/// check.
public struct NoteSigner: Sendable {
    public let name: String
    let key: Curve25519.Signing.PrivateKey

    public enum Failure: Error, Equatable, Sendable {
        case invalidName
        case invalidKey
        case invalidText
    }

    /// A new key for `name`, which must be non-empty, printable and free of spaces and `+`.
    public init(name: String, key: Curve25519.Signing.PrivateKey = .init()) throws(Failure) {
        guard NoteSigner.isValidName(name) else { throw .invalidName }
        self.name = name
        self.key = key
    }

    /// Parses the Go tools' private key string: `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>`.
    public init(encoded: String) throws(Failure) {
        let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
              let raw = Data(base64Encoded: String(parts[4])), raw.count == 33, raw.first == 0x01,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw.dropFirst())
        else { throw .invalidKey }
        try self.init(name: String(parts[2]), key: key)
        guard String(parts[3]) == NoteVerifier.hex(keyID) else { throw .invalidKey }
    }

    /// The private key in the Go tools' format; it is a secret.
    public var encoded: String {
        "PRIVATE+KEY+\(name)+\(NoteVerifier.hex(keyID))+" + Data([0x01] + key.rawRepresentation).base64EncodedString()
    }

    public var verifier: NoteVerifier {
        NoteVerifier(name: name, publicKey: key.publicKey)
    }

    var keyID: UInt32 { verifier.keyID }

    /// Signs `text`, which must be non-empty, end in a newline and hold no blank-line-free
    /// signature block of its own; returns the whole note.
    public func sign(_ text: String) throws(Failure) -> String {
        guard text.hasSuffix("\n"), !text.isEmpty else { throw .invalidText }
        guard let signature = try? key.signature(for: Data(text.utf8)) else { throw .invalidKey }
        var idBytes = withUnsafeBytes(of: keyID.bigEndian) { Array($0) }
        idBytes += Array(signature)
        return text + "\n— \(name) " + Data(idBytes).base64EncodedString() + "\n"
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7f && $0 != "+" }
    }
}
