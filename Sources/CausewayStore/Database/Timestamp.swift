import CausewayCore
import Foundation

/// Timestamps as the store writes them: ISO 8601 UTC with milliseconds. Text sorts in time
/// order, reads the same in both engines and in `sqlite3`/`psql` by hand.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        UTCTime(date).iso8601
    }

    public static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
            ?? (try? Date(text, strategy: .iso8601))
    }
}
