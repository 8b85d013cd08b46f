import CausewayCore
import CausewayStore
import Foundation
import Synchronization

/// This node's quota buckets, and its running count of admitted calls per agreement for the
/// current UTC day, which ``QuotaSync`` shares with the other nodes. Taking a call is a lock
/// and some arithmetic: nothing here waits on the database.
final class QuotaCounter: Sendable {
    private struct State {
        var limiter = QuotaLimiter()
        var day = ""
        var taken: [String: Int64] = [:]
        /// Other nodes' calls charged here since start, per agreement: what an operator (or a
        /// test) reads to see that the nodes hold one quota.
        var debited: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    func take(_ grant: PolicyDecision.Grant, at now: Date) -> QuotaLimiter.Outcome {
        let day = Self.day(of: now)
        return state.withLock { state in
            let outcome = state.limiter.take(agreement: grant.agreement, quota: grant.quota, at: now)
            if outcome == .allowed {
                if state.day != day {
                    state.day = day
                    state.taken = [:]
                }
                state.taken[grant.agreement, default: 0] += 1
            }
            return outcome
        }
    }

    /// This node's counts so far for the day of `now`.
    func counts(at now: Date) -> (day: String, taken: [String: Int64]) {
        let day = Self.day(of: now)
        return state.withLock { state in (day, state.day == day ? state.taken : [:]) }
    }

    /// Calls other nodes admitted (see ``QuotaLimiter/debit(agreement:recent:today:at:)``).
    func debit(agreement: String, recent: Int64, today: Int64, at now: Date) {
        state.withLock { state in
            state.limiter.debit(agreement: agreement, recent: recent, today: today, at: now)
            state.debited[agreement, default: 0] += recent + today
        }
    }

    /// Other nodes' calls under `agreement` charged to this node's buckets since it started.
    func debited(agreement: String) -> Int64 {
        state.withLock { $0.debited[agreement] ?? 0 }
    }

    /// The UTC day a count belongs to, as `YYYY-MM-DD`.
    static func day(of date: Date) -> String {
        String(Timestamp.string(date).prefix(10))
    }
}
