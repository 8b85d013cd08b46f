/// The period a dataset covers (DCAT `temporal`), as ISO 8601 calendar dates. An open end
/// (`end == nil`) means the series is ongoing.
public struct TemporalCoverage: Sendable, Hashable, Codable {
    public var start: String
    public var end: String?

    public init(start: String, end: String? = nil) {
        self.start = start
        self.end = end
    }

    func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Self.isCalendarDate(start), "/start", "must be a date as YYYY-MM-DD")
        if let end {
            validator.check(Self.isCalendarDate(end), "/end", "must be a date as YYYY-MM-DD")
            // ISO dates compare correctly as strings.
            validator.check(end >= start, "/end", "must not be before start")
        }
        try validator.finish()
    }

    /// True for a real `YYYY-MM-DD` date (months 1–12, days within the month, leap years).
    public static func isCalendarDate(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return result
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
