import CausewayStore
import Foundation

/// The times a registry reader or writer gives (`validAt`, `knownAt`, `validFrom`), and the
/// times the store keeps.
enum RegistryTime {
    /// A date (`2026-03-01`, midnight UTC) or an ISO 8601 date and time with a zone
    /// (`2026-03-01T09:30:00Z`, fractions of a second allowed).
    static func parse(_ text: String) -> Date? {
        if text.utf8.count == 10, let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        return Timestamp.date(text)
    }

    /// `date` as it reads back from the store (to the millisecond).
    static func stored(_ date: Date) -> Date {
        Timestamp.date(Timestamp.string(date)) ?? date
    }

    /// A query parameter holding a time, or nil when absent; a bad one is a problem naming it.
    static func parameter(_ name: String, in query: QueryParameters) throws -> Date? {
        guard let text = query.string(name) else { return nil }
        guard let date = parse(text) else {
            throw Problem.badParameter(name, "must be a date (2026-03-01) or an ISO 8601 time with a zone (2026-03-01T09:30:00Z)")
        }
        return stored(date)
    }
}
