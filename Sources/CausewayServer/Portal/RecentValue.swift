import Foundation
import Synchronization

/// A value read from the database at most once per `maxAge`, for pages that show it to
/// everyone (the newest signed checkpoint): a page a thousand people open in a second asks the
/// database once, and shows a value at most `maxAge` old, as a cache in front of the node would.
///
/// Thread-safe; concurrent misses may each read (the last one read is kept).
final class RecentValue<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Value, read: Date)?>(nil)
    private let maxAge: TimeInterval
    private let read: @Sendable () async throws -> Value

    init(maxAge: TimeInterval, read: @escaping @Sendable () async throws -> Value) {
        self.maxAge = maxAge
        self.read = read
    }

    func value(now: Date) async throws -> Value {
        if let kept = state.withLock({ $0 }), now.timeIntervalSince(kept.read) < maxAge, now >= kept.read { return kept.value }
        let fresh = try await read()
        state.withLock { $0 = (fresh, now) }
        return fresh
    }
}
