/// Which hashes an inclusion or consistency proof is made of (RFC 9162 §2.1.3.1 and
/// §2.1.4.1), as perfect subtrees. Planning is separate from hashing so the store can fetch
/// every hash a proof needs in one read, and so the plan can be tested without a store.
///
/// Each element of a plan is one hash of the proof, bottom to top. It is a list of perfect
/// subtrees, left to right, whose right fold (`node(a, node(b, c))`) is that hash: one
/// subtree inside the tree, several on its right edge where the tree is not yet perfect.
public enum ProofPlan {
    public typealias Step = [TreeNode]

    public enum Failure: Error, Equatable, Sendable {
        case indexOutOfRange(index: UInt64, size: UInt64)
        case sizesOutOfOrder(from: UInt64, to: UInt64)
    }

    /// PATH(m, D[0:n]).
    public static func inclusion(index: UInt64, size: UInt64) throws(Failure) -> [Step] {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        var steps: [Step] = []
        path(index, start: 0, end: size, into: &steps)
        return steps
    }

    /// PROOF(m, D[0:n]); empty when `from` is 0 or equals `to`.
    public static func consistency(from: UInt64, to: UInt64) throws(Failure) -> [Step] {
        guard from <= to else { throw .sizesOutOfOrder(from: from, to: to) }
        guard from > 0, from < to else { return [] }
        var steps: [Step] = []
        subproof(from, start: 0, end: to, complete: true, into: &steps)
        return steps
    }

    private static func path(_ index: UInt64, start: UInt64, end: UInt64, into steps: inout [Step]) {
        let count = end - start
        guard count > 1 else { return }
        let split = start + TreeMath.largestPowerOfTwo(below: count)
        if index < split {
            path(index, start: start, end: split, into: &steps)
            steps.append(TreeNode.cover(from: split, to: end))
        } else {
            path(index, start: split, end: end, into: &steps)
            steps.append(TreeNode.cover(from: start, to: split))
        }
    }

    private static func subproof(_ boundary: UInt64, start: UInt64, end: UInt64, complete: Bool, into steps: inout [Step]) {
        if boundary == end {
            if !complete { steps.append(TreeNode.cover(from: start, to: end)) }
            return
        }
        let split = start + TreeMath.largestPowerOfTwo(below: end - start)
        if boundary <= split {
            subproof(boundary, start: start, end: split, complete: complete, into: &steps)
            steps.append(TreeNode.cover(from: split, to: end))
        } else {
            subproof(boundary, start: split, end: end, complete: false, into: &steps)
            steps.append(TreeNode.cover(from: start, to: split))
        }
    }

    /// Every subtree a plan needs, once each.
    public static func nodes(of steps: [Step]) -> Set<TreeNode> {
        Set(steps.joined())
    }

    /// The proof's hashes, given the hash of each subtree the plan names.
    public static func hashes(of steps: [Step], lookup: (TreeNode) throws -> MerkleHash.Value) rethrows -> [MerkleHash.Value] {
        try steps.map { step in
            guard var hash = try step.last.map(lookup) else { return MerkleHash.empty }
            for node in step.dropLast().reversed() {
                hash = MerkleHash.node(try lookup(node), hash)
            }
            return hash
        }
    }
}
