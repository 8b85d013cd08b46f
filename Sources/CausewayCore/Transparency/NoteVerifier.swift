import Crypto
import Foundation

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
