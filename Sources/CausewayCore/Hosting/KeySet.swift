/// Remembers which keys (a primary key, or one `unique` field's values) a table has seen, in
/// little memory.
///
/// Single integer keys, the usual case, are kept as ranges while they arrive in ascending
/// order — an id column `1…5,000,000` is one range, and a key above every key seen so far is
/// new without a lookup — and in a hash set when they arrive out of order. Any other key is
/// kept as a 128-bit fingerprint from two independently seeded hashes; a false "duplicate"
/// from a fingerprint collision needs around 2^64 keys to become likely.
struct KeySet {
    /// Disjoint, ascending ranges of keys that arrived above every key before them.
    private var ascending: [ClosedRange<Int64>] = []
    /// Keys that arrived at or below the largest key seen: all of them are below the upper
    /// bound of `ascending`, so a key above it is in neither.
    private var integers = Set<Int64>()
    private var fingerprints = Set<Fingerprint>()

    struct Fingerprint: Hashable {
        var high: UInt64
        var low: UInt64
    }

    /// Inserts the key; false when it was there already.
    mutating func insert(_ key: [CellValue]) -> Bool {
        if key.count == 1, case .integer(let value) = key[0] {
            return insert(integer: value)
        }
        var first = Hasher()
        var second = Hasher()
        first.combine(0x5eed_0001 as UInt64)
        second.combine(0x5eed_0002 as UInt64)
        for value in key {
            first.combine(value)
            second.combine(value)
        }
        return fingerprints.insert(Fingerprint(high: UInt64(bitPattern: Int64(first.finalize())),
                                               low: UInt64(bitPattern: Int64(second.finalize())))).inserted
    }

    /// Inserts a single integer key; false when it was there already.
    mutating func insert(integer value: Int64) -> Bool {
        guard let last = ascending.last else {
            ascending.append(value...value)
            return true
        }
        if value > last.upperBound {
            if value == last.upperBound + 1 {
                ascending[ascending.count - 1] = last.lowerBound...value
            } else {
                ascending.append(value...value)
            }
            return true
        }
        if inAscending(value) { return false }
        return integers.insert(value).inserted
    }

    private func inAscending(_ value: Int64) -> Bool {
        var low = 0
        var high = ascending.count
        while low < high {
            let middle = (low + high) / 2
            if ascending[middle].upperBound < value { low = middle + 1 } else { high = middle }
        }
        return low < ascending.count && ascending[low].contains(value)
    }
}
