import CausewayCore
import CausewayStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Pushes registry feeds to their webhook subscriptions: each subscription's events in order,
/// one at a time, at least once, from the last acknowledged one.
///
/// One loop finds the active subscriptions that are due and behind their registry's feed,
/// takes each one's lease (``WebhookRepository/claim(_:holder:until:now:)``) and starts a
/// worker for it; it wakes when this node or another writes to a registry (the directory's
/// ``RegistryDirectory/advanced`` bell) and every second. A worker delivers until the
/// subscription has caught up, a delivery fails (it is then retried per ``WebhookBackoff``)
/// or the lease is lost. Progress is stored, with the lease renewed, at most a second after
/// an acknowledgement and whenever a worker stops, so a node killed mid-delivery is replaced,
/// once its lease runs out, by one that starts after the last stored acknowledgement: it
/// resends at most the last second's events, under the same `webhook-id`s. (Storing every
/// acknowledgement would cost one database commit per delivery; a second's worth of repeats
/// is what at-least-once already allows.) Subscriptions are independent: a failing receiver
/// holds up only itself. Thread-safe.
final class WebhookDeliverer: Service, Sendable {
    let subscriptions: WebhookRepository
    let directory: RegistryDirectory
    let delivery: WebhookDelivery
    let addresses: WebhookAddressCheck
    let logger: Logger
    let clock: @Sendable () -> Date
    let backoff: WebhookBackoff
    /// This process, as lease holder: a restarted node is a new holder and waits out its
    /// predecessor's leases.
    let holder = "node-" + UUID().uuidString.lowercased()
    /// How long a lease lasts without renewal: the longest a dead node holds up a subscription.
    static let lease: TimeInterval = 15
    /// Events read from the database at a time.
    static let batch = 256
    /// How long acknowledged progress may go unstored: the most a killed node's successor resends.
    static let checkpoint: TimeInterval = 1

    static let pausedEvent = "registry.subscription.paused"

    private let running = Mutex<Set<String>>([])

    init(subscriptions: WebhookRepository, directory: RegistryDirectory, delivery: WebhookDelivery, addresses: WebhookAddressCheck,
         logger: Logger, clock: @escaping @Sendable () -> Date, backoff: WebhookBackoff = .standard) {
        self.subscriptions = subscriptions
        self.directory = directory
        self.delivery = delivery
        self.addresses = addresses
        self.logger = logger
        self.clock = clock
        self.backoff = backoff
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    for subscription in try await claimDue() {
                        group.addTask { await self.work(subscription) }
                    }
                } catch {
                    logger.warning("webhook scheduling failed", metadata: ["error": "\(error)"])
                }
                await directory.advanced.wait(atMost: .seconds(1))
            }
            // Deliveries in flight stop without counting as failures; their leases are released.
            group.cancelAll()
        }
    }

    /// The due subscriptions with events to deliver that this node now holds and is not
    /// already delivering.
    func claimDue() async throws -> [WebhookSubscription] {
        let now = clock()
        var claimed: [WebhookSubscription] = []
        for candidate in try await subscriptions.due(at: now) {
            guard running.withLock({ !$0.contains(candidate.id) }),
                  let registry = try await directory.registry(candidate.registry), candidate.position < registry.lastSequence,
                  let subscription = try await subscriptions.claim(candidate.id, holder: holder, until: now.addingTimeInterval(Self.lease), now: now),
                  running.withLock({ $0.insert(subscription.id).inserted }) else { continue }
            claimed.append(subscription)
        }
        return claimed
    }

    /// Delivers one subscription's events until it has caught up, fails, or is lost.
    func work(_ start: WebhookSubscription) async {
        defer { running.withLock { _ = $0.remove(start.id) } }
        var subscription = start
        var stored = start.position
        var storedAt = clock()
        /// Stores the progress and renews the lease; false when the lease was lost to another node.
        func checkpoint() async throws -> Bool {
            guard subscription.position != stored else { return true }
            guard try await subscriptions.save(subscription, holder: holder, leaseUntil: clock().addingTimeInterval(Self.lease)) else { return false }
            stored = subscription.position
            storedAt = clock()
            return true
        }
        do {
            while !Task.isCancelled {
                guard let stored = try await directory.registry(subscription.registry),
                      let span = try await directory.repository.span(subscription.registry) else { return }
                guard subscription.position < span.last else { break }
                if subscription.position + 1 < span.first {
                    try await pause(subscription.paused("Events \(subscription.position + 1) to \(span.first - 1) are no longer kept (the feed's retention); read the registry's records again, then subscribe from the feed's current position."))
                    return
                }
                let target = try WebhookTarget(subscription.url)
                do {
                    try await addresses.check(target)
                } catch {
                    try await fail(subscription, error.detail)
                    return
                }
                let events = try await directory.repository.events(stored.registry, after: subscription.position, limit: Self.batch)
                for event in events {
                    switch await delivery.post(event, for: subscription) {
                    case .acknowledged:
                        subscription = subscription.acknowledged(event.sequence)
                        if clock().timeIntervalSince(storedAt) >= Self.checkpoint {
                            guard try await checkpoint() else { return }
                        }
                    case .gone:
                        try await pause(subscription.paused("The receiver answered 410 Gone: it wants no more deliveries."))
                        return
                    case .failed(let error):
                        if Task.isCancelled { break }
                        try await fail(subscription, error)
                        return
                    }
                    if Task.isCancelled { break }
                }
            }
            guard try await checkpoint() else { return }
            try await subscriptions.release(subscription.id, holder: holder)
        } catch {
            logger.warning("webhook delivery failed", metadata: ["subscription": "\(subscription.id)", "error": "\(error)"])
        }
    }

    private func fail(_ subscription: WebhookSubscription, _ error: String) async throws {
        let next = subscription.failed(error, at: clock(), backoff: backoff)
        if next.state == .paused {
            try await pause(next)
        } else {
            _ = try await subscriptions.save(next, holder: holder, leaseUntil: clock())
            try await subscriptions.release(next.id, holder: holder)
        }
    }

    /// Stores the pause and logs it: the owner's console shows it from the store, and anyone can
    /// see in the log that deliveries stopped and why.
    private func pause(_ paused: WebhookSubscription) async throws {
        let event = AuditEvent(kind: Self.pausedEvent, at: clock(), actor: nil,
                               subject: "registries/\(paused.registry)/subscriptions/\(paused.id)", agencies: [paused.agency],
                               reason: paused.pauseReason)
        guard try await subscriptions.pause(paused, holder: holder, logging: event) else { return }
        logger.notice("webhook subscription paused", metadata: ["subscription": "\(paused.id)", "reason": "\(paused.pauseReason ?? "")"])
    }
}
