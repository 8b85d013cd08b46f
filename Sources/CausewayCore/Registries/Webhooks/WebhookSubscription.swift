import Foundation

/// A standing order to push a registry's feed to a URL: the webhook leg of the change feed.
///
/// Invariant: `position` is the sequence number of the last event the receiver acknowledged
/// (a 2xx answer), so delivery resumes at `position + 1` after a failure, a pause or a node's
/// death, and events reach the receiver in order, at least once. While an event keeps failing,
/// `failures` counts the attempts, `failingSince` says since when, and `nextAttempt` follows
/// ``WebhookBackoff``; a subscription failing for longer than the back-off's horizon is
/// `paused` until one of its agency's people resumes it.
public struct WebhookSubscription: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        case active, paused
    }

    /// `sub_` and 26 base-32 characters; it names the subscription in URLs and in every
    /// delivery's `webhook-id`.
    public var id: String
    public var registry: String
    /// The agency whose people see it in their console and may change it.
    public var agency: String
    public var createdBy: String
    public var url: String
    public var state: State
    public var position: UInt64
    public var failures: Int
    public var failingSince: Date?
    public var nextAttempt: Date
    /// What went wrong last (an HTTP status or a connection error), for the owner.
    public var lastError: String?
    /// Why the subscription is paused, when it is.
    public var pauseReason: String?
    public var created: Date

    public init(id: String, registry: String, agency: String, createdBy: String, url: String, position: UInt64, created: Date) {
        self.id = id
        self.registry = registry
        self.agency = agency
        self.createdBy = createdBy
        self.url = url
        self.state = .active
        self.position = position
        self.failures = 0
        self.nextAttempt = created
        self.created = created
    }

    /// A fresh identifier: 130 random bits, so that ids cannot be guessed.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "sub_" + String((0..<26).map { _ in base32.randomElement(using: &generator) ?? "a" })
    }

    private static let base32 = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// Whether `id` has the shape ``newID()`` gives (checked before any database read).
    public static func isWellFormed(_ id: String) -> Bool {
        id.count == 30 && id.hasPrefix("sub_") && id.dropFirst(4).allSatisfy { base32.contains($0) }
    }

    /// The `webhook-id` of the delivery of event `sequence`: the same on every retry, so a
    /// receiver can recognise a redelivery, and different for each subscription.
    public func messageID(sequence: UInt64) -> String {
        "\(id)_\(sequence)"
    }

    /// The subscription after its event was acknowledged.
    public func acknowledged(_ sequence: UInt64) -> WebhookSubscription {
        var next = self
        next.position = sequence
        next.failures = 0
        next.failingSince = nil
        next.lastError = nil
        return next
    }

    /// The subscription after a failed attempt at `now`: retried later, or paused when it has
    /// failed for longer than `backoff` allows.
    public func failed(_ error: String, at now: Date, backoff: WebhookBackoff = .standard) -> WebhookSubscription {
        var next = self
        next.failures += 1
        next.lastError = error
        let since = failingSince ?? now
        next.failingSince = since
        if let delay = backoff.delay(afterFailure: next.failures, failingFor: now.timeIntervalSince(since)) {
            next.nextAttempt = now.addingTimeInterval(delay)
        } else {
            next.state = .paused
            next.pauseReason = "Deliveries failed for \(backoff.horizonText) (\(next.failures) attempts; last: \(error))."
        }
        return next
    }

    /// The subscription paused at once, for a receiver that said it is gone (HTTP 410) or for
    /// events that are no longer kept.
    public func paused(_ reason: String) -> WebhookSubscription {
        var next = self
        next.state = .paused
        next.pauseReason = reason
        return next
    }

    /// The subscription resumed by its owner: tried again at once, from where it stopped.
    public func resumed(at now: Date) -> WebhookSubscription {
        var next = self
        next.state = .active
        next.pauseReason = nil
        next.failures = 0
        next.failingSince = nil
        next.nextAttempt = now
        return next
    }
}
