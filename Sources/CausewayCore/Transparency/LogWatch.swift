/// What a monitor concludes from a log's new checkpoint, given the last one it trusted and a
/// consistency proof between them: the decision `causeway audit monitor` reports, kept free
/// of I/O so every verdict is tested.
public enum LogWatch {
    public enum Verdict: Equatable, Sendable {
        /// Nothing seen before: the checkpoint is trusted from now on.
        case first(size: UInt64)
        case unchanged(size: UInt64)
        case grew(from: UInt64, to: UInt64)
        /// The log is smaller than a checkpoint it signed before: history was removed.
        case rolledBack(from: UInt64, to: UInt64)
        /// The new tree does not extend the old one: two different histories were signed.
        case forked(at: UInt64)

        public var isAlarm: Bool {
            switch self {
            case .rolledBack, .forked: return true
            case .first, .unchanged, .grew: return false
            }
        }
    }

    /// Which consistency proof the monitor needs, if any.
    public static func proofNeeded(previous: Checkpoint?, current: Checkpoint) -> (from: UInt64, to: UInt64)? {
        guard let previous, previous.size > 0, previous.size < current.size else { return nil }
        return (previous.size, current.size)
    }

    public static func judge(previous: Checkpoint?, current: Checkpoint, proof: [MerkleHash.Value]) -> Verdict {
        guard let previous else { return .first(size: current.size) }
        if current.size < previous.size { return .rolledBack(from: previous.size, to: current.size) }
        if previous.size == 0 { return current.size == 0 ? .unchanged(size: 0) : .grew(from: 0, to: current.size) }
        if current.size == previous.size {
            return current.root == previous.root ? .unchanged(size: current.size) : .forked(at: current.size)
        }
        do {
            try ProofVerifier.verifyConsistency(size1: previous.size, size2: current.size, root1: previous.root, root2: current.root, proof: proof)
            return .grew(from: previous.size, to: current.size)
        } catch {
            return .forked(at: previous.size)
        }
    }
}
