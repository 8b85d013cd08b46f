import Crypto

/// The hashes of RFC 9162 §2.1.1, whose domain separation (a 0x00 prefix for leaves, 0x01 for
/// interior nodes) is what stops a leaf from being passed off as a subtree: an outside
/// verifier who hashes an entry this way gets exactly the tree the node publishes.
public enum MerkleHash {
    /// A hash is 32 bytes; plain arrays so proofs, tiles and checkpoints share one type.
    public typealias Value = [UInt8]

    /// The root of the empty tree: SHA-256 of no bytes.
    public static let empty: Value = Array(SHA256.hash(data: [UInt8]()))

    public static func leaf(_ entry: some Sequence<UInt8>) -> Value {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(entry))
        return Array(hasher.finalize())
    }

    public static func node(_ left: Value, _ right: Value) -> Value {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root of a tree over `leaves` by the recursive definition of RFC 9162 §2.1.1 (MTH):
    /// slow and obviously right, the reference that the incremental code is tested against.
    public static func root(ofLeafHashes leaves: ArraySlice<Value>) -> Value {
        switch leaves.count {
        case 0: return empty
        case 1: return leaves[leaves.startIndex]
        default:
            let split = leaves.startIndex + Int(TreeMath.largestPowerOfTwo(below: UInt64(leaves.count)))
            return node(root(ofLeafHashes: leaves[..<split]), root(ofLeafHashes: leaves[split...]))
        }
    }
}

/// Integer helpers for tree shapes.
public enum TreeMath {
    /// The largest power of two strictly less than `n` (n ≥ 2): RFC 9162's split point `k`.
    public static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n >= 2, "a split needs at least two leaves")
        return 1 << (63 - UInt64((n - 1).leadingZeroBitCount))
    }
}
