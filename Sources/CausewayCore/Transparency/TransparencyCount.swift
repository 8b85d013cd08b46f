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

        /// `YYYY-MM` of a time, in UTC (see ``UTCTime``).
        public static func month(of date: Date) -> String {
            UTCTime(date).yearMonth
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
