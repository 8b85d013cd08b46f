import CausewayCore
import Foundation

/// CKAN writes timestamps as naive ISO 8601 in UTC with microseconds.
enum CKANTime {
    static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = Int(((seconds - whole) * 1_000_000).rounded())
        let base = Date(timeIntervalSince1970: whole).formatted(
            .iso8601.year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false))
        let trimmed = base.hasSuffix("Z") ? String(base.dropLast()) : base
        return trimmed + "." + String(format: "%06d", min(micros, 999_999))
    }

    /// A CKAN timestamp (or one with a trailing `Z`), as `string` writes it.
    static func date(_ text: String) -> Date? {
        SolrDateMath.instant(text.hasSuffix("Z") ? Substring(text.dropLast()) : Substring(text))
    }
}
