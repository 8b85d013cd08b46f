/// The right edge of the tree: one perfect-subtree hash per set bit of the size, largest
/// first (a "compact range" over the whole log). It is all the sequencer needs to append a
/// leaf and to compute the root, so appending costs O(log n) whatever the log's size.
public struct TreeFrontier: Sendable, Equatable {
    public private(set) var size: UInt64
    public private(set) var hashes: [MerkleHash.Value]

    public init() {
        size = 0
        hashes = []
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed(size: UInt64, bytes: Int)
    }

    /// Rebuilds the frontier from its stored form: the hashes concatenated, largest first.
    public init(size: UInt64, bytes: [UInt8]) throws(Failure) {
        guard bytes.count == size.nonzeroBitCount * 32 else { throw .malformed(size: size, bytes: bytes.count) }
        self.size = size
        hashes = stride(from: 0, to: bytes.count, by: 32).map { Array(bytes[$0..<$0 + 32]) }
    }

    public var bytes: [UInt8] { Array(hashes.joined()) }

    /// The Merkle tree hash of everything appended (RFC 9162 MTH).
    public var root: MerkleHash.Value {
        guard var hash = hashes.last else { return MerkleHash.empty }
        for left in hashes.dropLast().reversed() {
            hash = MerkleHash.node(left, hash)
        }
        return hash
    }

    /// Appends one leaf and reports every perfect subtree completed by it, the leaf first,
    /// so the caller can store the ones it keeps.
    public mutating func append(leafHash: MerkleHash.Value, completed: (TreeNode, MerkleHash.Value) -> Void) {
        var hash = leafHash
        var node = TreeNode(level: 0, index: size)
        completed(node, hash)
        var bits = size
        while bits & 1 == 1, let left = hashes.popLast() {
            hash = MerkleHash.node(left, hash)
            node = TreeNode(level: node.level + 1, index: node.index >> 1)
            completed(node, hash)
            bits >>= 1
        }
        hashes.append(hash)
        size += 1
    }
}
