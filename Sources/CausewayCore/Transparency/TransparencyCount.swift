import Foundation

/// One cell of the public transparency report: how many exchange calls one consumer agency
/// made to one provider for one purpose in one month (or week), and with what outcome.
public struct TransparencyCount: Sendable, Hashable {
    /// The report's two granularities: months for the API's report, weeks for the portal's
    /// charts. Each is counted as the log is appended, so neither ever scans the log.
    public enum Period: String, Sendable, Hashable, CaseIterable {
        /// Named `YYYY-MM`, UTC.
        case month
        /// Named by its Monday, `YYYY-MM-DD`, UTC (ISO 8601 weeks).
        case week

        /// The name of the period `date` falls in.
        public func name(of date: Date) -> String {
            switch self {
            case .month: UTCTime(date).yearMonth
            case .week: UTCTime.weekStart(of: date)
            }
        }
    }

    public struct Cell: Sendable, Hashable, Comparable {
        /// The month or week, as its ``Period`` names it.
        public var period: String
        public var provider: String
        /// The consumer agency; empty when the caller could not be identified.
        public var consumer: String
        public var purpose: String
        /// `call` (answered) or `refused`.
        public var outcome: String
        /// The refusal's problem code (`purpose.mismatch`, …); empty for answered calls, and in
        /// monthly cells, which count outcomes only.
        public var code: String

        public init(period: String, provider: String, consumer: String, purpose: String, outcome: String, code: String = "") {
            self.period = period
            self.code = code
            self.provider = provider
            self.consumer = consumer
            self.purpose = purpose
            self.outcome = outcome
        }

        /// The cell an exchange event counts in; nil for every other event.
        public init?(_ event: AuditEvent, period: Period = .month) {
            guard event.kind == "exchange.call" || event.kind == "exchange.refused", let provider = event.details["provider"] else { return nil }
            self.init(period: period.name(of: event.at), provider: provider,
                      consumer: event.details["consumer"].map { String($0.prefix { $0 != "/" }) } ?? "",
                      purpose: event.details["purpose"] ?? "", outcome: String(event.kind.dropFirst("exchange.".count)),
                      code: period == .week ? event.details["code"] ?? "" : "")
        }

        public static func < (lhs: Cell, rhs: Cell) -> Bool {
            (lhs.period, lhs.provider, lhs.consumer, lhs.purpose, lhs.outcome, lhs.code)
                < (rhs.period, rhs.provider, rhs.consumer, rhs.purpose, rhs.outcome, rhs.code)
        }
    }

    public var cell: Cell
    public var calls: Int64

    public init(cell: Cell, calls: Int64) {
        self.cell = cell
        self.calls = calls
    }

    /// The counts with refusal codes folded into their outcome: the cells the public report
    /// publishes (and suppresses), which are never finer than period, provider, consumer,
    /// purpose and outcome.
    public static func mergingCodes(_ counts: [TransparencyCount]) -> [TransparencyCount] {
        var merged: [Cell: Int64] = [:]
        for count in counts {
            var cell = count.cell
            cell.code = ""
            merged[cell, default: 0] += count.calls
        }
        return merged.map { TransparencyCount(cell: $0.key, calls: $0.value) }
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
