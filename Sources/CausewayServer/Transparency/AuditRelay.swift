import CausewayCore
import CausewayStore
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers the audit outbox to the node's ``AuditSink`` in order, at least once: an event is
/// marked delivered only after the sink has taken it, so a sink that fails gets it again.
///
/// Exchange calls are not relayed: their record is the transparency log itself (a national
/// load would flood any log pipeline), so the relay moves past them without decoding them.
///
/// One relay per node, and its deliveries run one after another, so the poll loop and an
/// explicit ``deliver()`` never hand the sink the same events twice.
final class AuditRelay: Service, Sendable {
    let outbox: AuditOutbox
    let sink: any AuditSink
    let logger: Logger
    let interval: Duration
    private let last = Mutex<Task<Int, any Error>?>(nil)

    init(outbox: AuditOutbox, sink: any AuditSink, logger: Logger, interval: Duration = .milliseconds(250)) {
        self.outbox = outbox
        self.sink = sink
        self.logger = logger
        self.interval = interval
    }

    /// Delivers everything waiting, after any delivery already under way; returns how many
    /// events this call sent.
    @discardableResult
    func deliver() async throws -> Int {
        let task = last.withLock { previous -> Task<Int, any Error> in
            let prior = previous
            let task = Task { [self] in
                _ = try? await prior?.value
                return try await deliverWaiting()
            }
            previous = task
            return task
        }
        return try await task.value
    }

    private func deliverWaiting() async throws -> Int {
        var delivered = 0
        var from = try await outbox.delivered()
        while true {
            let (entries, next) = try await outbox.entries(from: from, limit: 2_000, where: { !$0.hasPrefix("exchange.") })
            guard let next else { return delivered }
            if !entries.isEmpty { try await sink.record(entries.map(\.event)) }
            try await outbox.markDelivered(upTo: next)
            from = next
            delivered += entries.count
        }
    }

    func run() async throws {
        await Polling.every(interval, logger: logger, failure: "audit delivery failed; will retry") { try await deliver() }
    }
}
