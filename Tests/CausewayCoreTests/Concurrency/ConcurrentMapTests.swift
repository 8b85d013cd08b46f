import CausewayCore
import Testing

/// `concurrentMap(slicesOf:)` gives `map`'s answer, in order, whatever the slicing, and
/// fails as `map` does.
@Suite("Concurrent map")
struct ConcurrentMapTests {
    struct Refused: Error {}

    @Test(arguments: [1, 7, 1_000, 10_000]) func keepsTheOrder(size: Int) async throws {
        let numbers = Array(0..<5_003)
        #expect(try await numbers.concurrentMap(slicesOf: size) { $0 * 3 } == numbers.map { $0 * 3 })
        #expect(try await (0..<5_003).concurrentMap(slicesOf: size) { $0 + 1 } == Array(1...5_003))
    }

    @Test func failsAsMapDoes() async {
        await #expect(throws: Refused.self) {
            _ = try await Array(0..<10_000).concurrentMap(slicesOf: 64) { number -> Int in
                if number == 9_999 { throw Refused() }
                return number
            }
        }
    }
}
