import CausewayStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Holds one quota across the nodes that share a database. Once a second each node stores its
/// running count of calls per agreement for the day and reads the others'; whatever another
/// node admitted since the last look is taken from this node's buckets as well. So N nodes
/// admit about one quota between them, not N.
///
/// The bound (docs/exchange.md): a node learns of another's calls up to about a second late,
/// so together the nodes may admit up to one second's worth of calls beyond the quota — and,
/// before the first exchange of counts, each node's full minute bucket. Counts a node finds
/// at its first look of the day (at start-up) are charged to the day bucket only, as it cannot
/// tell when in the day those calls were made; everything that appears later is recent.
final class QuotaSync: Service, Sendable {
    let spend: QuotaSpendRepository
    let quotas: QuotaCounter
    let logger: Logger
    let clock: @Sendable () -> Date
    /// This process's name in `quota_spend`: new at each start, so a restarted node's count
    /// begins at zero without clashing with its previous life's.
    let node = UUID().uuidString.lowercased()
    private let seen = Mutex(SyncState())

    init(spend: QuotaSpendRepository, quotas: QuotaCounter, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.clock = clock
        self.spend = spend
        self.quotas = quotas
        self.logger = logger
    }

    func run() async throws {
        await Polling.every(.seconds(1), logger: logger, failure: "quota exchange failed") { try await exchange(at: clock()) }
    }

    /// One exchange of counts: publish ours if they moved, charge what the others added.
    func exchange(at now: Date) async throws {
        let (day, taken) = quotas.counts(at: now)
        if seen.withLock({ $0.needsPublishing(taken, day: day) }) {
            try await spend.publish(node: node, day: day, counts: taken, at: now)
            if seen.withLock({ $0.published(taken) }) {
                try await spend.prune(before: QuotaCounter.day(of: now.addingTimeInterval(-86_400)))
            }
        }
        let others = try await spend.others(than: node, day: day)
        let debits = seen.withLock { state in
            defer { state.hasLooked = true }
            return others.map { (agreement: $0.agreement, calls: state.observe($0)) }
        }
        for debit in debits {
            quotas.debit(agreement: debit.agreement, recent: debit.calls.recent, today: debit.calls.earlier, at: now)
        }
    }

    /// What this node has published and seen today. Only the polling task uses it; the lock
    /// is there because the service is shared, not because anyone contends for it.
    struct SyncState {
        private var day = ""
        private var published: [String: Int64] = [:]
        private var counts: [String: Int64] = [:]
        private var pruned = ""
        /// Whether a whole look at today's counts has been made: a count first seen after that
        /// appeared since the last look, so all of it is recent.
        var hasLooked = false

        mutating func needsPublishing(_ taken: [String: Int64], day: String) -> Bool {
            if day != self.day {
                self.day = day
                published = [:]
                counts = [:]
                hasLooked = false
            }
            return taken != published
        }

        /// Notes a publication; true for the day's first, after which old days are pruned.
        mutating func published(_ taken: [String: Int64]) -> Bool {
            published = taken
            guard pruned != day else { return false }
            pruned = day
            return true
        }

        /// Another node's count: the calls it added since the last look (recent), or, at this
        /// node's first look of the day, its whole count so far (time unknown).
        mutating func observe(_ spend: QuotaSpendRepository.Spend) -> (recent: Int64, earlier: Int64) {
            let key = spend.agreement + "\u{0}" + spend.node
            let previous = counts[key]
            counts[key] = spend.calls
            guard let previous else { return hasLooked ? (spend.calls, 0) : (0, spend.calls) }
            return (max(0, spend.calls - previous), 0)
        }
    }
}
