@testable import CausewayCore
import Testing

@Suite("LRU cache")
struct LRUCacheTests {
    @Test("evicts the least recently used entry first, counting reads as uses")
    func evictionOrder() {
        var cache = LRUCache<String, Int>(capacity: 3)
        cache.insert(1, for: "a", cost: 1)
        cache.insert(2, for: "b", cost: 1)
        cache.insert(3, for: "c", cost: 1)
        #expect(cache.value(for: "a") == 1)
        cache.insert(4, for: "d", cost: 1)
        #expect(cache.value(for: "b") == nil)
        #expect(cache.value(for: "a") == 1)
        #expect(cache.value(for: "c") == 3)
        #expect(cache.value(for: "d") == 4)
        #expect(cache.count == 3)
    }

    @Test("bounds the total cost, replaces a key's value, and refuses a value larger than the capacity")
    func costBound() {
        var cache = LRUCache<Int, String>(capacity: 10)
        cache.insert("x", for: 1, cost: 4)
        cache.insert("y", for: 2, cost: 4)
        cache.insert("z", for: 3, cost: 4)
        #expect(cache.totalCost == 8)
        #expect(cache.value(for: 1) == nil)
        cache.insert("y2", for: 2, cost: 6)
        #expect(cache.totalCost == 10)
        #expect(cache.value(for: 2) == "y2")
        cache.insert("huge", for: 4, cost: 11)
        #expect(cache.value(for: 4) == nil)
        #expect(cache.totalCost == 10)
        cache.remove(2)
        #expect(cache.totalCost == 4)
        cache.removeAll()
        #expect(cache.count == 0 && cache.totalCost == 0)
    }

    @Test("agrees with a simple list model over a long random sequence")
    func matchesModel() {
        var generator = SplitMix(seed: 42)
        var cache = LRUCache<Int, Int>(capacity: 50)
        var model: [(key: Int, value: Int, cost: Int)] = []   // oldest first
        for step in 0..<20_000 {
            let key = Int(generator.next() % 40)
            if generator.next() % 3 == 0 {
                let found = cache.value(for: key)
                if let index = model.firstIndex(where: { $0.key == key }) {
                    let entry = model.remove(at: index)
                    model.append(entry)
                    #expect(found == entry.value)
                } else {
                    #expect(found == nil)
                }
            } else {
                let cost = Int(generator.next() % 8) + 1
                cache.insert(step, for: key, cost: cost)
                model.removeAll { $0.key == key }
                while model.map(\.cost).reduce(0, +) + cost > 50 { model.removeFirst() }
                model.append((key, step, cost))
            }
            #expect(cache.count == model.count)
            #expect(cache.totalCost == model.map(\.cost).reduce(0, +))
        }
    }
}
