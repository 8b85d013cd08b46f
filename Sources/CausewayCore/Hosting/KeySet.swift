/// Remembers which keys (a primary key, or one `unique` field's values) a table has seen, in
/// little memory: a single integer key is kept exactly; any other key as a 128-bit fingerprint
/// from two independently seeded hashes. Five million integer keys take about 64 MB; a false
/// "duplicate" from a fingerprint collision needs around 2^64 keys to become likely.
struct KeySet {
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
        integers.insert(value).inserted
    }
}
