import Foundation

/// A log checkpoint in the C2SP tlog-checkpoint format (c2sp.org/tlog-checkpoint): the
/// origin line naming the log, the tree size in decimal, the root hash in base64, each on its
/// own line. Signed as a note, it is the node's commitment to everything before `size`: any
/// later checkpoint must be consistent with it, or the log has been rewritten.
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: UInt64
    public var root: MerkleHash.Value

    public init(origin: String, size: UInt64, root: MerkleHash.Value) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed(String)
        case wrongOrigin(String)
    }

    public var text: String {
        "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n"
    }

    /// Parses a checkpoint's text (the note body); extension lines after the root are allowed
    /// by the format and ignored.
    public init(text: String) throws(Failure) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count >= 4, !lines[0].isEmpty else { throw .malformed("fewer than three lines") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else { throw .malformed("size is not a decimal number") }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == 32 else { throw .malformed("root is not a base64 SHA-256 hash") }
        self.init(origin: String(lines[0]), size: size, root: Array(root))
    }

    /// Opens a signed checkpoint with `verifier`, whose key name must be the log's origin.
    public static func open(_ note: String, verifier: NoteVerifier) throws -> Checkpoint {
        let checkpoint = try Checkpoint(text: try verifier.open(note))
        guard checkpoint.origin == verifier.name else { throw Failure.wrongOrigin(checkpoint.origin) }
        return checkpoint
    }
}
