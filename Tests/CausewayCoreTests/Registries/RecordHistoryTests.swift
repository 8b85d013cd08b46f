@testable import CausewayCore
import Foundation
import Testing

@Suite("Registry records on two time axes")
struct RecordHistoryTests {
    static func day(_ number: Double) -> Date { Date(timeIntervalSince1970: 1_767_225_600 + number * 86_400) } // 2026-01-01

    static func address(_ street: String, _ number: Int64 = 12) -> [String: CellValue] {
        ["street": .text(street), "number": .integer(number)]
    }

    @Test func aCorrectionShowsFromNowButNeverRewritesWhatWasKnown() throws {
        var history = RecordHistory()
        try history.apply(.replace(Self.address("Harbour Road")), validFrom: Self.day(0), at: Self.day(0), reason: "created", author: "la")
        // Renamed on day 10, known the same day.
        try history.apply(.patch(["street": .text("Harbour Avenue")]), validFrom: Self.day(10), at: Self.day(10), reason: "renamed", author: "la")
        // On day 20 someone finds the house number was always 14.
        try history.apply(.patch(["number": .integer(14)]), validFrom: Self.day(0), at: Self.day(20), reason: "survey", author: "la")

        #expect(history.version(validAt: Self.day(5), knownAt: Self.day(25))?.values == Self.address("Harbour Road", 14))
        #expect(history.version(validAt: Self.day(15), knownAt: Self.day(25))?.values == Self.address("Harbour Avenue", 14),
                "the back-dated correction keeps the later rename")
        #expect(history.version(validAt: Self.day(5), knownAt: Self.day(15))?.values == Self.address("Harbour Road", 12),
                "as known on day 15, before the correction")
        #expect(history.version(validAt: Self.day(15), knownAt: Self.day(5)) == nil || history.version(validAt: Self.day(15), knownAt: Self.day(5))?.values == Self.address("Harbour Road"),
                "on day 5 nobody knew of the rename")
        #expect(history.version(validAt: Self.day(-1), knownAt: Self.day(25)) == nil, "before it existed")
        #expect(history.current.map(\.validFrom) == [Self.day(0), Self.day(10)])
    }

    @Test func retiringKeepsTheHistoryAndAWriteCannotGoBackInRecordTime() throws {
        var history = RecordHistory()
        try history.apply(.replace(Self.address("Mill Lane")), validFrom: Self.day(0), at: Self.day(1), reason: "created", author: "la")
        try history.apply(.retire, validFrom: Self.day(30), at: Self.day(30), reason: "demolished", author: "la")
        #expect(history.version(validAt: Self.day(31), knownAt: Self.day(31))?.isRetired == true)
        #expect(history.version(validAt: Self.day(29), knownAt: Self.day(31))?.values == Self.address("Mill Lane"))
        #expect(throws: RecordHistory.Failure.recordTimeWentBack) {
            try history.apply(.retire, validFrom: Self.day(0), at: Self.day(2), reason: "late", author: "la")
        }
        var empty = RecordHistory()
        #expect(throws: RecordHistory.Failure.nothingToChange) {
            try empty.apply(.patch(["street": .text("x")]), validFrom: Self.day(0), at: Self.day(0), reason: "r", author: "a")
        }
        // A whole record written from before the record began fills the earlier stretch too.
        try history.apply(.replace(Self.address("Mill Lane", 3)), validFrom: Self.day(-10), at: Self.day(40), reason: "found older deed", author: "la")
        #expect(history.version(validAt: Self.day(-5), knownAt: Self.day(40))?.values == Self.address("Mill Lane", 3))
        #expect(history.version(validAt: Self.day(-5), knownAt: Self.day(39)) == nil)
    }

    /// Random writes, back-dated and not, patches, replacements and retirements: after every
    /// write, current knowledge still partitions valid time, and every read as known before the
    /// write answers exactly as it did.
    @Test(arguments: 0..<40)
    func randomWritesNeverChangeThePast(run: Int) throws {
        let seed = SplitMix.seed() &+ UInt64(run)
        var random = SplitMix(seed: seed)
        var history = RecordHistory()
        var seen: [String: [String: CellValue]?] = [:] // "validAt knownAt" -> values read then
        var now = 0.0
        for step in 0..<25 {
            now += Double(random.next() % 3)
            let validFrom = now - Double(random.next() % 15)
            let change: RecordHistory.Change
            switch random.next() % 4 {
            case 0: change = .replace(Self.address("Street \(step)", Int64(random.next() % 50)))
            case 1: change = .patch(["number": .integer(Int64(random.next() % 50))])
            case 2: change = .patch(["street": .text("Renamed \(step)")])
            default: change = .retire
            }
            do {
                try history.apply(change, validFrom: Self.day(validFrom), at: Self.day(now), reason: "r\(step)", author: "a")
            } catch RecordHistory.Failure.nothingToChange {
                // A patch or retirement of a record that has no version from then on.
            }
            let current = history.current
            for (earlier, later) in zip(current, current.dropFirst()) {
                #expect(earlier.validTo.map { $0 <= later.validFrom } ?? false, "current knowledge overlaps (CAUSEWAY_TEST_SEED=\(seed))")
            }
            for (key, values) in seen {
                let parts = key.split(separator: " ").compactMap { Double($0) }
                #expect(history.version(validAt: Self.day(parts[0]), knownAt: Self.day(parts[1]))?.values == values, "read \(key) changed (CAUSEWAY_TEST_SEED=\(seed))")
            }
            // Reads as known just before the next write may happen (record time moves by 0–2 days).
            for validAt in stride(from: -20.0, through: now + 2, by: 1.5) {
                for knownAt in [now - 0.5, now - 3.5] where knownAt < now {
                    seen["\(validAt) \(knownAt)"] = history.version(validAt: Self.day(validAt), knownAt: Self.day(knownAt))?.values
                }
            }
        }
    }
}
