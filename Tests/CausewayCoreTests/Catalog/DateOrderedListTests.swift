@testable import CausewayCore
import Foundation
import Testing

/// The date list against the plainest reading of it: a sorted array of (date, position).
@Suite("Date-ordered position lists")
struct DateOrderedListTests {
    typealias Entry = DateOrderedList.Entry

    /// Entries arriving in any order (so chunks fill in the middle and split), some removed,
    /// then ranges of every kind read back.
    @Test func insertsRemovalsAndRangesMatchASortedArray() {
        var generator = CatalogIndexUpdateTests.Generator(state: 42)
        let day = { (day: Int) in Fixtures.epoch.addingTimeInterval(Double(day) * 86_400) }
        var list = DateOrderedList()
        var expected: [Entry] = []
        for position in 0..<Int32(6_000) {
            let entry = Entry(modified: day(generator.next(300)), position: position)
            list.insert(entry)
            expected.append(entry)
        }
        for _ in 0..<1_500 {
            let entry = expected.remove(at: generator.next(expected.count))
            list.remove(entry)
        }
        list.remove(Entry(modified: day(1_000), position: 1))  // not held: nothing happens
        expected.sort()
        #expect(list.count == expected.count)
        #expect(Array(list.chunks.joined()) == expected)
        #expect(list.chunks.allSatisfy { !$0.isEmpty && $0.count <= 2 * ChunkedArray<Entry>.chunkSize })
        #expect(list.chunks.count > 3, "the list was split as it grew")

        let sorted = DateOrderedList(sorting: expected.shuffled())
        #expect(Array(sorted.chunks.joined()) == expected)

        var ranges: [CatalogCondition.DateRange] = [
            .init(lower: nil, upper: nil), .init(lower: day(400), upper: nil), .init(lower: nil, upper: day(-1)), .at(day(17)),
        ]
        for _ in 0..<200 {
            let (a, b) = (generator.next(320) - 10, generator.next(320) - 10)
            ranges.append(.init(lower: generator.next(5) == 0 ? nil : day(min(a, b)), upper: generator.next(5) == 0 ? nil : day(max(a, b)),
                                includesLower: generator.next(2) == 0, includesUpper: generator.next(2) == 0))
        }
        for range in ranges {
            let inRange = expected.filter { range.contains($0.modified) }.map(\.position)
            #expect(list.positions(in: range) == inRange, "\(range)")
            #expect(list.count(in: range) == inRange.count, "\(range)")
            #expect(sorted.positions(in: range) == inRange, "\(range)")
        }
    }

    @Test func anEmptyListHoldsNothing() {
        var list = DateOrderedList()
        #expect(list.positions(in: .init(lower: nil, upper: nil)).isEmpty)
        #expect(list.count(in: .at(Fixtures.epoch)) == 0)
        list.remove(Entry(modified: Fixtures.epoch, position: 0))
        list.insert(Entry(modified: Fixtures.epoch, position: 3))
        list.remove(Entry(modified: Fixtures.epoch, position: 3))
        #expect(list.count == 0 && list.chunks.isEmpty)
    }
}
