import CausewayCore
import Synchronization

/// One registry's change feed as this node's stream readers see it: the newest sequence number
/// the node knows of, the latest events (fetched once from the database for everyone), and the
/// readers waiting for the next one.
///
/// Invariants: `buffer` is contiguous and ends at `last` when it is not empty, so a reader
/// served from it misses nothing; the writer of the database never waits for this type, and
/// this type never waits for a reader: a slow reader falls out of the buffer's window and
/// catches up from the database on its own time. Thread-safe; every method may be called
/// from any task.
final class FeedHub: Sendable {
    /// Events kept in memory: a reader this far behind reads the database instead.
    static let capacity = 8_192

    private struct State {
        var last: UInt64
        var buffer: [RegistryEvent] = []
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var readers = 0
    }

    private let state: Mutex<State>

    init(last: UInt64) {
        state = Mutex(State(last: last))
    }

    /// The newest sequence number this node knows of.
    var last: UInt64 { state.withLock { $0.last } }

    /// Whether any stream reads this feed now (only then are events fetched ahead).
    var hasReaders: Bool { state.withLock { $0.readers > 0 } }

    /// Counts a stream reader in for the duration of `body`.
    func reading<T>(_ body: () async throws -> T) async rethrows -> T {
        state.withLock { $0.readers += 1 }
        defer { state.withLock { $0.readers -= 1 } }
        return try await body()
    }

    /// Takes in `events` (the ones after the current `last`, in order) and wakes every waiting
    /// reader. Events that do not continue the buffer start it afresh.
    func extend(with events: [RegistryEvent], last newLast: UInt64) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard newLast > state.last else { return [] }
            if let first = events.first, first.sequence == state.last + 1, events.last?.sequence == newLast {
                if state.buffer.last.map({ $0.sequence == state.last }) ?? true {
                    state.buffer += events
                } else {
                    state.buffer = events
                }
                if state.buffer.count > Self.capacity { state.buffer.removeFirst(state.buffer.count - Self.capacity) }
            } else {
                state.buffer = []
            }
            state.last = newLast
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Up to `limit` events after `cursor` from memory: nil when they are not all there (the
    /// reader must read the database), empty when there is nothing newer yet.
    func buffered(after cursor: UInt64, limit: Int) -> [RegistryEvent]? {
        state.withLock { state in
            if cursor >= state.last { return [] }
            guard let first = state.buffer.first?.sequence, cursor + 1 >= first else { return nil }
            let start = Int(cursor + 1 - first)
            return Array(state.buffer[start..<min(state.buffer.count, start + limit)])
        }
    }

    /// Returns true as soon as an event after `cursor` is known, false when `timeout` passes
    /// first (or the task is cancelled).
    func wait(after cursor: UInt64, atMost timeout: Duration) async -> Bool {
        if last > cursor { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.waitForNews(after: cursor) }
            await group.next()
            group.cancelAll()
        }
        return last > cursor
    }

    private func waitForNews(after cursor: UInt64) async {
        let id = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.last > cursor || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
