@testable import CausewayCore
import Testing

@Suite("Key set")
struct KeySetTests {
    @Test("integer keys in any order: a repeat is caught whether it falls in a range or among the stragglers")
    func integersAgreeWithASet() {
        let seed = SplitMix.seed()
        var generator = SplitMix(seed: seed)
        for pattern in 0..<4 {
            var keys: [Int64]
            switch pattern {
            case 0: keys = Array(1...5_000)                                 // one range
            case 1: keys = stride(from: 1, through: 20_000, by: 3).map { $0 } // ascending with gaps
            case 2: keys = Array((1...5_000).reversed())                    // every key below the last
            default: keys = (0..<5_000).map { _ in Int64.random(in: -2_000...2_000, using: &generator) }
            }
            // Repeat a sample of keys later on, so each pattern has duplicates in it.
            keys += keys.shuffled(using: &generator).prefix(500)
            var set = KeySet()
            var model = Set<Int64>()
            for key in keys {
                let inserted = set.insert(integer: key)
                #expect(inserted == model.insert(key).inserted, "pattern \(pattern), key \(key); replay with CAUSEWAY_TEST_SEED=\(seed)")
            }
        }
    }

    @Test func compositeKeys() {
        var set = KeySet()
        let results = [
            set.insert([.text("north"), .integer(1)]), set.insert([.text("north"), .integer(2)]),
            set.insert([.text("north"), .integer(1)]), set.insert([.integer(7)]), set.insert([.integer(7)]),
        ]
        #expect(results == [true, true, false, true, false])
    }
}
