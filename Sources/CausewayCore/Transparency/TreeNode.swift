/// A perfect subtree of the log: `2^level` leaves starting at leaf `index << level`. Every
/// hash a proof needs is such a node or a right-edge combination of them, which is what lets
/// the store keep only perfect subtrees (in tiles) and never rewrite one.
public struct TreeNode: Hashable, Sendable, CustomStringConvertible {
    public var level: Int
    public var index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }

    public var firstLeaf: UInt64 { index << UInt64(level) }
    public var leafCount: UInt64 { 1 << UInt64(level) }

    public var description: String { "(\(level),\(index))" }

    /// The perfect subtrees that make up leaves `start..<end` when `start` is aligned as RFC
    /// 9162's recursive split leaves it (a multiple of the largest piece): largest first.
    public static func cover(from start: UInt64, to end: UInt64) -> [TreeNode] {
        var nodes: [TreeNode] = []
        var position = start
        var remaining = end - start
        while remaining > 0 {
            let level = 63 - remaining.leadingZeroBitCount
            nodes.append(TreeNode(level: level, index: position >> UInt64(level)))
            position += 1 << UInt64(level)
            remaining -= 1 << UInt64(level)
        }
        return nodes
    }
}
