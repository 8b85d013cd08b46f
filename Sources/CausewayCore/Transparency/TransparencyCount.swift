import Foundation

/// One cell of the public transparency report: how many exchange calls one consumer agency
/// made to one provider for one purpose in one month, and with what outcome.
public struct TransparencyCount: Sendable, Hashable {
    public struct Cell: Sendable, Hashable, Comparable {
        /// `YYYY-MM`, UTC.
        public var month: String
        public var provider: String
        /// The consumer agency; empty when the caller could not be identified.
        public var consumer: String
        public var purpose: String
        /// `call` (answered) or `refused`.
        public var outcome: String

        public init(month: String, provider: String, consumer: String, purpose: String, outcome: String) {
            self.month = month
            self.provider = provider
            self.consumer = consumer
            self.purpose = purpose
            self.outcome = outcome
        }

        /// The cell an exchange event counts in; nil for every other event.
        public init?(_ event: AuditEvent) {
            guard event.kind == "exchange.call" || event.kind == "exchange.refused", let provider = event.details["provider"] else { return nil }
            self.init(month: Self.month(of: event.at), provider: provider,
                      consumer: event.details["consumer"].map { String($0.prefix { $0 != "/" }) } ?? "",
                      purpose: event.details["purpose"] ?? "", outcome: String(event.kind.dropFirst("exchange.".count)))
        }

        /// `YYYY-MM` of a time, in UTC, by arithmetic on the day number (the proleptic Gregorian
        /// calendar, as ISO 8601 has it): this runs once per gateway call, and a `Calendar`
        /// lookup cost as much as writing the entry.
        public static func month(of date: Date) -> String {
            let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) + 719_468
            let era = (days >= 0 ? days : days - 146_096) / 146_097
            let dayOfEra = days - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let shifted = (5 * dayOfYear + 2) / 153
            let month = shifted < 10 ? shifted + 3 : shifted - 9
            let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            let yearText = String(year)
            return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + (month < 10 ? "-0" : "-") + String(month)
        }

        public static func < (lhs: Cell, rhs: Cell) -> Bool {
            (lhs.month, lhs.provider, lhs.consumer, lhs.purpose, lhs.outcome) < (rhs.month, rhs.provider, rhs.consumer, rhs.purpose, rhs.outcome)
        }
    }

    public var cell: Cell
    public var calls: Int64

    public init(cell: Cell, calls: Int64) {
        self.cell = cell
        self.calls = calls
    }
}

/// The public report's disclosure rule: a cell of fewer than `threshold` calls is shown as
/// suppressed, not as its number, so that a rare purpose or a small agency cannot point at a
/// handful of people. Totals are left out for the same reason (they would give suppressed
/// cells away by subtraction).
public enum SmallCellSuppression {
    public static let threshold: Int64 = 5

    public struct Row: Sendable, Hashable {
        public var cell: TransparencyCount.Cell
        /// nil when suppressed.
        public var calls: Int64?
    }

    public static func apply(_ counts: [TransparencyCount], threshold: Int64 = threshold) -> [Row] {
        counts.sorted { $0.cell < $1.cell }.map { Row(cell: $0.cell, calls: $0.calls >= threshold ? $0.calls : nil) }
    }
}
