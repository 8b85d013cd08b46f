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

/// The public half: what a verifier is given, as `<name>+<hex key ID>+<base64(0x01 ‖ key)>`.
public struct NoteVerifier: Sendable, Equatable {
    public let name: String
    let publicKey: Curve25519.Signing.PublicKey

    public static func == (lhs: NoteVerifier, rhs: NoteVerifier) -> Bool {
        lhs.name == rhs.name && lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }

    init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidKey
        case malformedNote
        case noSignature
        case badSignature
    }

    public init(encoded: String) throws(Failure) {
        let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, NoteSigner.isValidName(String(parts[0])),
              let raw = Data(base64Encoded: String(parts[2])), raw.count == 33, raw.first == 0x01,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw.dropFirst())
        else { throw .invalidKey }
        self.init(name: String(parts[0]), publicKey: key)
        guard String(parts[1]) == Self.hex(keyID) else { throw .invalidKey }
    }

    public var encoded: String {
        "\(name)+\(Self.hex(keyID))+" + Data([0x01] + publicKey.rawRepresentation).base64EncodedString()
    }

    /// The key ID of signed-note §Signatures: the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key).
    public var keyID: UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0a, 0x01] + Array(publicKey.rawRepresentation)))
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func hex(_ id: UInt32) -> String {
        let text = String(id, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }

    /// Returns the note's text if this key signed it; other keys' signatures are ignored, as
    /// the format allows a witness to add its own.
    public func open(_ note: String) throws(Failure) -> String {
        guard let split = note.range(of: "\n\n", options: .backwards) else { throw .malformedNote }
        let text = String(note[..<split.lowerBound]) + "\n"
        let block = note[split.upperBound...]
        guard block.hasSuffix("\n") else { throw .malformedNote }
        var found = false
        for line in block.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("— ") else { throw .malformedNote }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let raw = Data(base64Encoded: String(fields[1])), raw.count >= 4 else { throw .malformedNote }
            let id = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard fields[0] == name, id == keyID else { continue }
            guard publicKey.isValidSignature(raw.dropFirst(4), for: Data(text.utf8)) else { throw .badSignature }
            found = true
        }
        guard found else { throw .noSignature }
        return text
    }
}
