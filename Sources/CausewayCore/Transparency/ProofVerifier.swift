/// Checks proofs the way an outside verifier must (RFC 9162 §2.1.3.2 and §2.1.4.2), using
/// nothing but the proof, the sizes and the roots: `causeway audit monitor`, the tests and
/// anyone auditing a node run exactly this.
public enum ProofVerifier {
    public enum Failure: Error, Equatable, Sendable {
        case indexOutOfRange
        case wrongProofLength
        case rootMismatch
        case sizesOutOfOrder
        /// A hash that is not 32 bytes.
        case malformedHash
        /// RFC 9162 defines no consistency proof from the empty tree; every tree extends it.
        case fromEmptyTree
    }

    /// The root a leaf and its inclusion proof imply for a tree of `size` leaves.
    public static func root(leafHash: MerkleHash.Value, index: UInt64, size: UInt64,
                            proof: [MerkleHash.Value]) throws(Failure) -> MerkleHash.Value {
        guard index < size else { throw .indexOutOfRange }
        guard leafHash.count == 32, proof.allSatisfy({ $0.count == 32 }) else { throw .malformedHash }
        var fn = index
        var sn = size - 1
        var result = leafHash
        for hash in proof {
            guard sn != 0 else { throw .wrongProofLength }
            if fn & 1 == 1 || fn == sn {
                result = MerkleHash.node(hash, result)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                result = MerkleHash.node(result, hash)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength }
        return result
    }

    public static func verifyInclusion(leafHash: MerkleHash.Value, index: UInt64, size: UInt64,
                                       proof: [MerkleHash.Value], root expected: MerkleHash.Value) throws(Failure) {
        guard try root(leafHash: leafHash, index: index, size: size, proof: proof) == expected else { throw .rootMismatch }
    }

    /// Checks that the tree of `size2` leaves with `root2` extends the one of `size1` with `root1`.
    public static func verifyConsistency(size1: UInt64, size2: UInt64, root1: MerkleHash.Value, root2: MerkleHash.Value,
                                         proof: [MerkleHash.Value]) throws(Failure) {
        guard size1 <= size2 else { throw .sizesOutOfOrder }
        guard size1 > 0 else { throw .fromEmptyTree }
        if size1 == size2 {
            guard proof.isEmpty else { throw .wrongProofLength }
            guard root1 == root2 else { throw .rootMismatch }
            return
        }
        guard root1.count == 32, root2.count == 32, proof.allSatisfy({ $0.count == 32 }) else { throw .malformedHash }
        guard !proof.isEmpty else { throw .wrongProofLength }
        var path = proof[...]
        // When size1 is a power of two, the old root is itself the first node of the path.
        if size1 & (size1 - 1) == 0 { path = ([root1] + proof)[...] }
        var fn = size1 - 1
        var sn = size2 - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        guard let first = path.popFirst() else { throw .wrongProofLength }
        var fr = first
        var sr = first
        for hash in path {
            guard sn != 0 else { throw .wrongProofLength }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(hash, fr)
                sr = MerkleHash.node(hash, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, hash)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength }
        guard fr == root1, sr == root2 else { throw .rootMismatch }
    }
}
