import CausewayStore
import Foundation
import Testing

@Suite("Timestamps")
struct TimestampTests {
    /// Written with milliseconds; read with or without them (a timestamp typed by hand, or
    /// one from another tool, has none).
    @Test func readWithAndWithoutFractions() throws {
        let date = Date(timeIntervalSince1970: 1_796_083_200.25)
        #expect(Timestamp.string(date) == "2026-12-01T00:00:00.250Z")
        #expect(Timestamp.date(Timestamp.string(date)) == date)
        #expect(Timestamp.date("2026-12-01T00:00:00Z") == Date(timeIntervalSince1970: 1_796_083_200))
        #expect(Timestamp.date("yesterday") == nil)
    }
}
