import Synchronization

/// An ``LRUCache`` that many tasks use at once, behind a lock held only for the lookup or
/// insertion itself.
public final class SharedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries: Mutex<LRUCache<Key, Value>>

    public init(capacity: Int) {
        entries = Mutex(LRUCache(capacity: capacity))
    }

    public func value(for key: Key) -> Value? {
        entries.withLock { $0.value(for: key) }
    }

    public func insert(_ value: Value, for key: Key, cost: Int) {
        entries.withLock { $0.insert(value, for: key, cost: cost) }
    }

    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
