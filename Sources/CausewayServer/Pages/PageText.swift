import CausewayCore
import Foundation

/// How pages write numbers, dates and durations: the same words on every page, in UTC, without
/// a `DateFormatter` (whose locale data differs between machines).
enum PageText {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `1 Dec 2026`.
    static func date(_ date: Date) -> String {
        let time = UTCTime(date)
        return "\(time.day) \(months[time.month - 1]) \(time.year)"
    }

    /// `1 Dec 2026, 14:05 UTC`.
    static func dateTime(_ date: Date) -> String {
        let time = UTCTime(date)
        return "\(time.day) \(months[time.month - 1]) \(time.year), \(pad(time.hour)):\(pad(time.minute)) UTC"
    }

    /// A `YYYY-MM-DD` day as `1 Dec`, for chart labels.
    static func shortDay(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return text }
        return "\(day) \(months[month - 1])"
    }

    /// `12,345`.
    static func count(_ value: some BinaryInteger) -> String {
        let digits = Array(String(value.magnitude))
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `1 dataset`, `3 datasets`.
    static func plural(_ value: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? one : (many ?? one + "s"))"
    }

    /// How long ago, in the largest whole unit: `5 minutes`, `3 hours`, `2 days`.
    static func duration(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 3_600 { return plural(max(1, seconds / 60), "minute") }
        if seconds < 2 * 86_400 { return plural(seconds / 3_600, "hour") }
        return plural(seconds / 86_400, "day")
    }

    /// At most `limit` characters, cut at a word and marked with an ellipsis.
    static func excerpt(_ text: String, limit: Int = 220) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
