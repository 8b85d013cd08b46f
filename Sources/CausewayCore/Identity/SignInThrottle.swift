import Foundation

/// How many wrong passwords (or client secrets) a name and an address may send before they
/// must wait, and for how long: the rule behind `429 auth.throttled`, free of storage so that
/// it is tested on its own.
///
/// Within ``window``, ``perName`` failures for one username or client id, or ``perAddress``
/// from one address, lock that name or address. The lock lasts ``baseDelay`` after the failure
/// that reached the limit and doubles with each further failure, up to ``maxDelay``: a person
/// who mistyped waits half a minute, a script guessing passwords waits longer each time.
public struct SignInThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var perName = 5
    public var perAddress = 20
    public var baseDelay: TimeInterval = 30
    public var maxDelay: TimeInterval = 15 * 60

    public init() {}

    /// Seconds left to wait, or nil when another try is allowed, given the failures recorded
    /// for one name or address (any order) and the limit that applies to it.
    public func wait(failures: [Date], limit: Int, now: Date) -> TimeInterval? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }.sorted()
        guard recent.count >= limit, let last = recent.last else { return nil }
        let delay = min(maxDelay, baseDelay * pow(2, Double(recent.count - limit)))
        let left = last.addingTimeInterval(delay).timeIntervalSince(now)
        return left > 0 ? left : nil
    }

    /// Whether the failures (the newest just recorded) have just reached the limit: the
    /// moment to write a lock to the log, once per lock rather than once per refused try.
    public func justLocked(failures: [Date], limit: Int, now: Date) -> Bool {
        failures.filter { now.timeIntervalSince($0) < window }.count == limit
    }
}
