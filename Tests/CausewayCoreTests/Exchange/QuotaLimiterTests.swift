@testable import CausewayCore
import Foundation
import Testing

@Suite("Quota limiter")
struct QuotaLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func burstThenTheAgreedRate() {
        var limiter = QuotaLimiter()
        let quota = Quota(perMinute: 60, perDay: 1_000)
        for _ in 0..<60 { #expect(limiter.take(agreement: "a", quota: quota, at: start) == .allowed) }
        guard case .exceeded(let retry, let limit) = limiter.take(agreement: "a", quota: quota, at: start) else {
            Issue.record("the 61st call in the same instant must be refused")
            return
        }
        #expect(abs(retry - 1) < 1e-9 && limit == "60 calls per minute")
        // One call a second refills: after one second exactly one more call.
        #expect(limiter.take(agreement: "a", quota: quota, at: start.addingTimeInterval(1)) == .allowed)
        #expect(limiter.take(agreement: "a", quota: quota, at: start.addingTimeInterval(1)) != .allowed)
        // Another agreement has its own buckets.
        #expect(limiter.take(agreement: "b", quota: quota, at: start) == .allowed)
    }

    @Test func theDailyLimitHoldsWhateverTheMinuteAllows() {
        var limiter = QuotaLimiter()
        let quota = Quota(perMinute: 10, perDay: 15)
        var allowed = 0
        for second in 0..<600 where limiter.take(agreement: "a", quota: quota, at: start.addingTimeInterval(Double(second))) == .allowed {
            allowed += 1
        }
        // The full day bucket's 15; ten minutes refill only 15 × 600 / 86,400 ≈ 0.1 of a call.
        #expect(allowed == 15)
        guard case .exceeded(_, let limit) = limiter.take(agreement: "a", quota: quota, at: start.addingTimeInterval(600)) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(limit == "15 calls per day")
    }

    @Test func aChangedQuotaStartsAfresh() {
        var limiter = QuotaLimiter()
        #expect(limiter.take(agreement: "a", quota: Quota(perMinute: 1, perDay: 10), at: start) == .allowed)
        #expect(limiter.take(agreement: "a", quota: Quota(perMinute: 1, perDay: 10), at: start) != .allowed)
        #expect(limiter.take(agreement: "a", quota: Quota(perMinute: 5, perDay: 10), at: start) == .allowed)
    }

    /// Calls other nodes admitted come off this node's buckets, whether or not it has seen the
    /// agreement yet; calls of unknown time count against the day only.
    @Test func otherNodesCallsAreDebited() {
        var limiter = QuotaLimiter()
        let quota = Quota(perMinute: 10, perDay: 100)
        #expect(limiter.take(agreement: "a", quota: quota, at: start) == .allowed)
        limiter.debit(agreement: "a", recent: 7, today: 0, at: start)
        var allowed = 0
        while limiter.take(agreement: "a", quota: quota, at: start) == .allowed { allowed += 1 }
        #expect(allowed == 2, "10 per minute: 1 here, 7 elsewhere, 2 left")
        // Debited beyond empty: refused until the bucket refills past one token.
        limiter.debit(agreement: "a", recent: 3, today: 0, at: start)
        #expect(limiter.take(agreement: "a", quota: quota, at: start.addingTimeInterval(12)) != .allowed)
        #expect(limiter.take(agreement: "a", quota: quota, at: start.addingTimeInterval(24.1)) == .allowed)

        // Before this node's first call: the debt waits for the buckets, refilling meanwhile.
        limiter.debit(agreement: "b", recent: 10, today: 85, at: start)
        #expect(limiter.take(agreement: "b", quota: quota, at: start) != .allowed, "the minute's 10 were taken elsewhere")
        #expect(limiter.take(agreement: "b", quota: quota, at: start.addingTimeInterval(6)) == .allowed)
        var later = 0
        while limiter.take(agreement: "b", quota: quota, at: start.addingTimeInterval(60)) == .allowed { later += 1 }
        #expect(later == 4, "100 per day: 95 elsewhere and 1 here leave 4")
        guard case .exceeded(_, let limit) = limiter.take(agreement: "b", quota: quota, at: start.addingTimeInterval(60)) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(limit == "100 calls per day")
    }
}
