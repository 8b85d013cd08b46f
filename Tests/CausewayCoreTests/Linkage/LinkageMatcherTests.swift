import CausewayCore
import Foundation
import Testing

/// Matching without a file: Dice on known bits, the popcount filter against comparing every
/// pair, and the greedy solver's order. The comparison with anonlink itself is in
/// interop/test_linkage.py.
@Suite("Record linkage matching")
struct LinkageMatcherTests {
    @Test func diceCountsCommonBits() {
        let a = CLK(bytes: [0b1111_0000, 0, 0, 0, 0, 0, 0, 0])
        let b = CLK(bytes: [0b1100_0000, 0, 0, 0, 0, 0, 0, 1])
        #expect(a.popcount == 4 && b.popcount == 3)
        #expect(a.dice(b) == 4.0 / 7.0)
        #expect(CLK(bytes: [0, 0]).dice(CLK(bytes: [0, 0])) == 0)
        #expect(CLK(base64: "not base64!") == nil)
    }

    @Test(arguments: [0.5, 0.7, 0.8, 0.95]) func theFilterMissesNoPair(threshold: Double) {
        var random = SeededRandom(seed: UInt64(threshold * 1_000))
        // Encodings of very different fill, so the filter has something to skip.
        func clk() -> CLK {
            let density = Int.random(in: 1...7, using: &random)
            return CLK(bytes: (0..<16).map { _ in (0..<8).reduce(UInt8(0)) { byte, bit in
                Int.random(in: 0..<8, using: &random) < density ? byte | 1 << UInt8(bit) : byte } })
        }
        let first = (0..<150).map { _ in clk() }, second = (0..<150).map { _ in clk() }
        let matcher = LinkageMatcher(threshold: threshold)
        let (pairs, comparisons) = matcher.candidates(first, second)
        var brute: [LinkageMatcher.Candidate] = []
        for (i, a) in first.enumerated() {
            for (j, b) in second.enumerated() where a.dice(b) >= threshold { brute.append(.init(first: i, second: j, similarity: a.dice(b))) }
        }
        #expect(Set(pairs) == Set(brute))
        #expect(comparisons < first.count * second.count)
        // Most similar first, then by rows.
        #expect(zip(pairs, pairs.dropFirst()).allSatisfy { a, b in
            a.similarity > b.similarity || (a.similarity == b.similarity && (a.first, a.second) < (b.first, b.second))
        })
    }

    @Test func greedyTakesTheBestPairFirstAndEachRecordOnce() {
        let candidates: [LinkageMatcher.Candidate] = [
            .init(first: 0, second: 0, similarity: 0.95), .init(first: 1, second: 0, similarity: 0.9),
            .init(first: 1, second: 1, similarity: 0.85), .init(first: 0, second: 1, similarity: 0.84),
        ]
        #expect(LinkageMatcher.greedy(candidates).map { [$0.first, $0.second] } == [[0, 0], [1, 1]])
    }
}
