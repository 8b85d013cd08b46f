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

    private var buckets: [String: Entry] = [:]

    public init() {}

    /// Takes one call from the agreement's buckets if both allow it.
    public mutating func take(agreement: String, quota: Quota, at now: Date) -> Outcome {
        // A changed quota (an edited, renewed agreement) starts afresh.
        var entry = buckets[agreement].flatMap { $0.quota == quota ? $0 : nil }
            ?? Entry(minute: Bucket(tokens: Double(quota.perMinute), updated: now), day: Bucket(tokens: Double(quota.perDay), updated: now), quota: quota)
        let minuteRate = Double(quota.perMinute) / 60
        let dayRate = Double(quota.perDay) / 86_400
        entry.minute.refill(capacity: Double(quota.perMinute), perSecond: minuteRate, now: now)
        entry.day.refill(capacity: Double(quota.perDay), perSecond: dayRate, now: now)
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
}
