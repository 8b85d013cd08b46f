import CausewayCore
import CausewayStore
import Logging
import ServiceLifecycle
import Synchronization

/// Makes each gateway call's transparency-log entry durable before the call is answered,
/// without one transaction per call: callers queue their event and wait; one writer takes
/// everything queued, appends it to the log in one transaction, and hands each caller its
/// entry's index (the `Causeway-Audit-Index`). Under load a batch fills while the previous one commits, so the
/// cost of a commit is shared by all the calls in it.
public final class AuditWriter: Service, Sendable {
    let log: LogAppender
    let logger: Logger
    let maxBatch: Int
    let delay: Duration
    private let pending = Mutex<(open: Bool, queue: [(draft: LogEntryDraft, done: CheckedContinuation<Int64, any Error>)])>((true, []))
    private let signal: AsyncStream<Void>.Continuation
    private let signals: AsyncStream<Void>

    public init(log: LogAppender, logger: Logger, maxBatch: Int = 1_000, delay: Duration = .zero) {
        self.log = log
        self.logger = logger
        self.maxBatch = max(1, maxBatch)
        self.delay = delay
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues `event` and returns its index in the transparency log once it is committed.
    public func append(_ event: AuditEvent) async throws -> Int64 {
        // Serialising and hashing happen here, on the caller's task, not under the write lock.
        let draft = LogEntryDraft(event)
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = pending.withLock { state in
                if state.open { state.queue.append((draft, continuation)) }
                return state.open
            }
            // After shutdown nothing drains the queue: refuse at once rather than wait forever.
            guard accepted else { return continuation.resume(throwing: Self.stopping) }
            signal.yield()
        }
    }

    public func run() async throws {
        let executor = DedicatedExecutor()
        await withTaskExecutorPreference(executor) {
            await withGracefulShutdownHandler {
                for await _ in signals {
                    if delay > .zero { try? await Task.sleep(for: delay) }
                    await drain()
                }
            } onGracefulShutdown: { [signal] in
                signal.finish()
            }
            pending.withLock { $0.open = false }
            // What was queued before the door closed is still written.
            await drain()
        }
        await executor.shutdown()
    }

    static let stopping = Problem(.serviceUnavailable, code: "server.stopping", title: "The node is stopping",
                                  detail: "The node is shutting down; retry on another node.")

    /// Writes everything queued, in batches of at most `maxBatch`.
    func drain() async {
        while true {
            let batch = pending.withLock { state -> [(draft: LogEntryDraft, done: CheckedContinuation<Int64, any Error>)] in
                let taken = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(taken.count)
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let sequences = try await log.append(batch.map(\.draft))
                for (item, sequence) in zip(batch, sequences) { item.done.resume(returning: sequence) }
            } catch {
                logger.error("audit write failed", metadata: ["error": "\(error)", "events": "\(batch.count)"])
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
