import Foundation

/// The reporting view of the agreements: per provider, how many are in each state and how
/// long sharing takes to start (median time from submission to active) — the figure that
/// shows whether agreements take days or months.
public struct AgreementStats: Sendable, Hashable, Codable {
    public struct Provider: Sendable, Hashable, Codable {
        public var provider: String
        public var total: Int
        /// Every state, zero included, so a dashboard's columns do not move.
        public var byState: [String: Int]
        /// Median seconds from submission to active over the agreements that became active;
        /// nil when none has.
        public var medianSecondsToActive: Double?
        public var activatedCount: Int
    }

    public var providers: [Provider]

    public init(_ agreements: [Agreement], at now: Date) {
        let byProvider = Dictionary(grouping: agreements, by: \.provider)
        providers = byProvider.keys.sorted().map { provider in
            let agreements = byProvider[provider] ?? []
            var counts = Dictionary(uniqueKeysWithValues: AgreementState.allCases.map { ($0.rawValue, 0) })
            for agreement in agreements { counts[agreement.state(at: now).rawValue, default: 0] += 1 }
            let delays = agreements.compactMap { agreement -> Double? in
                guard let submitted = agreement.status.submittedAt, let active = agreement.activatedAt(asOf: now) else { return nil }
                return active.timeIntervalSince(submitted)
            }
            return Provider(provider: provider, total: agreements.count, byState: counts,
                            medianSecondsToActive: Self.median(delays), activatedCount: delays.count)
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
