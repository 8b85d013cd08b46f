import Foundation

/// When a failed webhook delivery is tried again, and when to stop trying.
///
/// The schedule starts quickly, so that a receiver restarted within minutes gets its events
/// within minutes, and spreads out to hours. Attempts go on until the receiver has failed for
/// `horizon` (three days by default: a long weekend's outage loses nothing); after that the
/// subscription is paused. Pure: the deliverer supplies the clock.
public struct WebhookBackoff: Sendable, Hashable {
    /// Delays after the first, second, … failure; the last repeats.
    public var delays: [TimeInterval]
    public var horizon: TimeInterval

    public init(delays: [TimeInterval], horizon: TimeInterval) {
        self.delays = delays
        self.horizon = horizon
    }

    public static let standard = WebhookBackoff(
        delays: [5, 30, 120, 300, 600, 1_800, 3_600, 7_200, 14_400, 28_800],
        horizon: 3 * 86_400)

    /// The wait before the next attempt after `failures` consecutive failures, the first of
    /// them `failingFor` seconds ago; nil when the horizon has passed and the subscription
    /// should be paused.
    public func delay(afterFailure failures: Int, failingFor: TimeInterval) -> TimeInterval? {
        guard failingFor < horizon, let last = delays.last else { return nil }
        let delay = failures >= 1 && failures <= delays.count ? delays[failures - 1] : last
        // The last attempt lands on the horizon, not a whole interval past it.
        return min(delay, max(1, horizon - failingFor))
    }

    /// The horizon as a person reads it: "3 days".
    public var horizonText: String {
        func count(_ value: Int, _ unit: String) -> String { "\(value) \(unit)\(value == 1 ? "" : "s")" }
        return horizon >= 86_400 ? count(Int(horizon / 86_400), "day") : horizon >= 3_600 ? count(Int(horizon / 3_600), "hour")
            : count(Int(horizon), "second")
    }
}
