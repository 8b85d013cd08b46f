import Foundation

/// A moment's UTC calendar fields, by arithmetic on the day number (the proleptic Gregorian
/// calendar, as ISO 8601 has it), and its ISO 8601 text. Every gateway call dates its log
/// entry and counts it in a month; Foundation's `ISO8601FormatStyle` and a `Calendar` lookup
/// each cost as much as writing the entry.
public struct UTCTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Milliseconds, truncated.
    public var millisecond: Int

    public init(_ date: Date) {
        // Whole seconds first, then the fraction (exact in binary) truncated to milliseconds, as
        // Foundation does: multiplying the whole value by 1,000 could round a .8789999… up.
        let time = date.timeIntervalSince1970
        let whole = time.rounded(.down)
        let totalMilliseconds = Int(whole) * 1_000 + Int(((time - whole) * 1_000).rounded(.down))
        let (dayNumber, millisecondOfDay) = totalMilliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let days = (millisecondOfDay < 0 ? dayNumber - 1 : dayNumber) + 719_468
        let ofDay = millisecondOfDay < 0 ? millisecondOfDay + 86_400_000 : millisecondOfDay
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        month = shifted < 10 ? shifted + 3 : shifted - 9
        day = dayOfYear - (153 * shifted + 2) / 5 + 1
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = ofDay / 3_600_000
        minute = ofDay / 60_000 % 60
        second = ofDay / 1_000 % 60
        millisecond = ofDay % 1_000
    }

    /// `YYYY-MM-DDThh:mm:ss.sssZ`.
    public var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        Self.append(year, digits: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(month, digits: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(day, digits: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        Self.append(hour, digits: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(minute, digits: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(second, digits: 2, to: &out)
        out.append(UInt8(ascii: "."))
        Self.append(millisecond, digits: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM`.
    public var yearMonth: String {
        var out: [UInt8] = []
        Self.append(year, digits: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(month, digits: 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DD`.
    public var date: String {
        var out: [UInt8] = []
        Self.append(year, digits: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(month, digits: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(day, digits: 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The Monday that starts the ISO 8601 week of `date` (UTC), as `YYYY-MM-DD`: weeks are
    /// named by their first day so that they sort as text and read as dates.
    public static func weekStart(of date: Date) -> String {
        let day = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        // Day 0, 1970-01-01, was a Thursday: three days after a Monday.
        let sinceMonday = ((day + 3) % 7 + 7) % 7
        return UTCTime(Date(timeIntervalSince1970: Double(day - sinceMonday) * 86_400)).date
    }

    /// `value` in decimal, zero-padded to at least `digits`.
    private static func append(_ value: Int, digits: Int, to out: inout [UInt8]) {
        let text = Array(String(value).utf8)
        if text.count < digits { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits - text.count)) }
        out.append(contentsOf: text)
    }
}
