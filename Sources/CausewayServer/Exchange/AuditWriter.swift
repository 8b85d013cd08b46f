import CausewayCore
import CausewayStore
import Logging
import ServiceLifecycle
import Synchronization

/// Makes each gateway call's audit event durable before the call is answered, without one
/// transaction per call: callers queue their event and wait; one writer takes everything
/// queued, commits it in one transaction, and hands each caller its sequence number (the
/// `Causeway-Audit-Index`). Under load a batch fills while the previous one commits, so the
/// cost of a commit is shared by all the calls in it.
public final class AuditWriter: Service, Sendable {
    let outbox: AuditOutbox
    let logger: Logger
    let maxBatch: Int
    private let pending = Mutex<[(event: AuditEvent, done: CheckedContinuation<Int64, any Error>)]>([])
    private let signal: AsyncStream<Void>.Continuation
    private let signals: AsyncStream<Void>

    public init(outbox: AuditOutbox, logger: Logger, maxBatch: Int = 1_000) {
        self.outbox = outbox
        self.logger = logger
        self.maxBatch = maxBatch
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues `event` and returns its sequence number once it is committed.
    public func append(_ event: AuditEvent) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            pending.withLock { $0.append((event, continuation)) }
            signal.yield()
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in signals {
                await drain()
            }
        } onGracefulShutdown: { [signal] in
            signal.finish()
        }
        await drain()
        // Anything that arrived after the last drain is refused rather than left waiting.
        for item in pending.withLock({ queue in defer { queue.removeAll() }; return queue }) {
            item.done.resume(throwing: Problem(.serviceUnavailable, code: "server.stopping", title: "The node is stopping"))
        }
    }

    /// Writes everything queued, in batches of at most `maxBatch`.
    func drain() async {
        while true {
            let batch = pending.withLock { queue -> [(event: AuditEvent, done: CheckedContinuation<Int64, any Error>)] in
                let taken = Array(queue.prefix(maxBatch))
                queue.removeFirst(taken.count)
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let sequences = try await outbox.append(batch.map(\.event))
                for (item, sequence) in zip(batch, sequences) { item.done.resume(returning: sequence) }
            } catch {
                logger.error("audit write failed", metadata: ["error": "\(error)", "events": "\(batch.count)"])
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
