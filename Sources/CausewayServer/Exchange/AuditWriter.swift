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
    private let pending = Mutex<(open: Bool, queue: [(event: AuditEvent, done: CheckedContinuation<Int64, any Error>)])>((true, []))
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
            let accepted = pending.withLock { state in
                if state.open { state.queue.append((event, continuation)) }
                return state.open
            }
            // After shutdown nothing drains the queue: refuse at once rather than wait forever.
            guard accepted else { return continuation.resume(throwing: Self.stopping) }
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
        pending.withLock { $0.open = false }
        // What was queued before the door closed is still written.
        await drain()
    }

    static let stopping = Problem(.serviceUnavailable, code: "server.stopping", title: "The node is stopping",
                                  detail: "The node is shutting down; retry on another node.")

    /// Writes everything queued, in batches of at most `maxBatch`.
    func drain() async {
        while true {
            let batch = pending.withLock { state -> [(event: AuditEvent, done: CheckedContinuation<Int64, any Error>)] in
                let taken = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(taken.count)
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
