/// A set of dataset positions in a ``CatalogIndex``, one bit per dataset.
///
/// Invariant: bits at or beyond `count` are always zero, so counting, complementing and
/// listing never see positions the index does not have. Why bits: a condition's leaves are
/// lists or ranges of positions in different orders (by name, by date), and combining them as
/// bits costs a pass over `count / 64` words (16,000 for a million datasets) with no sorting.
struct PositionBits: Sendable {
    private(set) var words: [UInt64]
    private(set) var count: Int

    /// No position, or (with `filled`) every position below `count`.
    init(count: Int, filled: Bool = false) {
        self.count = count
        words = [UInt64](repeating: filled ? ~0 : 0, count: (count + 63) / 64)
        if filled { clearTail() }
    }

    mutating func insert(_ position: Int32) {
        words[Int(position) >> 6] |= 1 << UInt64(Int(position) & 63)
    }

    mutating func remove(_ position: Int32) {
        words[Int(position) >> 6] &= ~(1 << UInt64(Int(position) & 63))
    }

    /// Makes room for positions up to `newCount`, all absent (an index that appended datasets).
    mutating func grow(to newCount: Int) {
        precondition(newCount >= count)
        count = newCount
        let needed = (newCount + 63) / 64
        if needed > words.count { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
    }

    func contains(_ position: Int32) -> Bool {
        words[Int(position) >> 6] & (1 << UInt64(Int(position) & 63)) != 0
    }

    mutating func formIntersection(_ other: PositionBits) {
        for index in words.indices { words[index] &= other.words[index] }
    }

    mutating func formUnion(_ other: PositionBits) {
        for index in words.indices { words[index] |= other.words[index] }
    }

    mutating func subtract(_ other: PositionBits) {
        for index in words.indices { words[index] &= ~other.words[index] }
    }

    /// The positions in the set, ascending.
    var positions: [Int32] {
        var result: [Int32] = []
        for (index, word) in words.enumerated() where word != 0 {
            var remaining = word
            while remaining != 0 {
                result.append(Int32(index << 6 + remaining.trailingZeroBitCount))
                remaining &= remaining - 1
            }
        }
        return result
    }

    private mutating func clearTail() {
        let used = count & 63
        if used != 0, let last = words.indices.last { words[last] &= (1 << UInt64(used)) - 1 }
    }
}
