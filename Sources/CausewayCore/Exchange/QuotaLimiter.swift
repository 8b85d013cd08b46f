import Foundation

/// Counts calls against each agreement's quota with two token buckets, one per minute and one
/// per day, both of which must have a token. A bucket starts full and refills continuously, so
/// a consumer may burst up to its per-minute quota and then runs at the agreed rate. Pure: the
/// caller passes the clock and keeps the value behind a lock.
public struct QuotaLimiter: Sendable {
    public enum Outcome: Sendable, Hashable {
        case allowed
        /// Refused; a token is available again after this many seconds.
        case exceeded(retryAfter: Double, limit: String)
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Date

        mutating func refill(capacity: Double, perSecond: Double, now: Date) {
            tokens = min(capacity, tokens + max(0, now.timeIntervalSince(updated)) * perSecond)
            updated = now
        }
    }

    struct Entry: Sendable {
        var minute: Bucket
        var day: Bucket
        var quota: Quota
    }

    /// Calls other nodes took for agreements this node has no buckets for yet, with when they
    /// were learnt: taken from the buckets when they are made.
    struct Debt: Sendable {
        var recent: Double
        var today: Double
        var at: Date
    }

    private var buckets: [String: Entry] = [:]
    private var debts: [String: Debt] = [:]

    public init() {}

    /// Takes one call from the agreement's buckets if both allow it.
    public mutating func take(agreement: String, quota: Quota, at now: Date) -> Outcome {
        var entry = refilled(agreement: agreement, quota: quota, at: now)
        let minuteRate = Double(quota.perMinute) / 60
        let dayRate = Double(quota.perDay) / 86_400
        defer { buckets[agreement] = entry }
        if entry.day.tokens < 1 {
            return .exceeded(retryAfter: (1 - entry.day.tokens) / dayRate, limit: "\(quota.perDay) calls per day")
        }
        if entry.minute.tokens < 1 {
            return .exceeded(retryAfter: (1 - entry.minute.tokens) / minuteRate, limit: "\(quota.perMinute) calls per minute")
        }
        entry.minute.tokens -= 1
        entry.day.tokens -= 1
        return .allowed
    }

    /// Takes calls that other nodes admitted from this node's buckets, so that N nodes hold
    /// one quota between them. `recent` calls were made since the last exchange of counts and
    /// count against both buckets; `today` calls were made earlier today, at an unknown time
    /// (first sight of a node's count), and count against the day bucket only. Buckets may go
    /// below zero: this node then refuses until they refill.
    public mutating func debit(agreement: String, recent: Int64, today: Int64, at now: Date) {
        guard recent > 0 || today > 0 else { return }
        guard var entry = buckets[agreement] else {
            var debt = debts[agreement] ?? Debt(recent: 0, today: 0, at: now)
            debt.recent += Double(recent)
            debt.today += Double(today)
            debt.at = now
            debts[agreement] = debt
            return
        }
        entry.minute.refill(capacity: Double(entry.quota.perMinute), perSecond: Double(entry.quota.perMinute) / 60, now: now)
        entry.day.refill(capacity: Double(entry.quota.perDay), perSecond: Double(entry.quota.perDay) / 86_400, now: now)
        entry.minute.tokens -= Double(recent)
        entry.day.tokens -= Double(recent + today)
        buckets[agreement] = entry
    }

    /// The agreement's buckets refilled to `now`: new (full, less any debt) the first time,
    /// and afresh when the quota changed (an edited, renewed agreement).
    private mutating func refilled(agreement: String, quota: Quota, at now: Date) -> Entry {
        if var entry = buckets[agreement], entry.quota == quota {
            entry.minute.refill(capacity: Double(quota.perMinute), perSecond: Double(quota.perMinute) / 60, now: now)
            entry.day.refill(capacity: Double(quota.perDay), perSecond: Double(quota.perDay) / 86_400, now: now)
            return entry
        }
        let debt = debts.removeValue(forKey: agreement)
        var entry = Entry(minute: Bucket(tokens: Double(quota.perMinute) - (debt?.recent ?? 0), updated: debt?.at ?? now),
                          day: Bucket(tokens: Double(quota.perDay) - (debt.map { $0.recent + $0.today } ?? 0), updated: debt?.at ?? now),
                          quota: quota)
        entry.minute.refill(capacity: Double(quota.perMinute), perSecond: Double(quota.perMinute) / 60, now: now)
        entry.day.refill(capacity: Double(quota.perDay), perSecond: Double(quota.perDay) / 86_400, now: now)
        return entry
    }
}
