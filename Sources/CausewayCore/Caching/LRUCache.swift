/// A least-recently-used cache bounded by a total cost (bytes, entries — whatever the owner
/// counts), with O(1) lookup, insertion and eviction.
///
/// Causeway caches things that never go stale — a hosted table's version is immutable, so an
/// answer computed for version 7 stays right forever — which is why plain recency is the whole
/// eviction policy: there is no expiry to track. A value type without locking: the owner
/// decides how it is shared (the server keeps one behind a mutex).
public struct LRUCache<Key: Hashable, Value> {
    fileprivate struct Node {
        var key: Key
        var value: Value
        var cost: Int
        var newer: Int?
        var older: Int?
    }

    /// The most the cache holds, summed over its entries' costs.
    public let capacity: Int
    /// The sum of the costs of the entries held now.
    public private(set) var totalCost = 0
    private var nodes: [Node] = []
    private var free: [Int] = []
    private var positions: [Key: Int] = [:]
    private var newest: Int?
    private var oldest: Int?

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    public var count: Int { positions.count }

    /// The value for `key`, which becomes the most recently used.
    public mutating func value(for key: Key) -> Value? {
        guard let position = positions[key] else { return nil }
        unlink(position)
        linkAsNewest(position)
        return nodes[position].value
    }

    /// Stores `value`, evicting the least recently used entries until it fits. A value that
    /// costs more than the whole capacity is not stored (it would only evict everything).
    public mutating func insert(_ value: Value, for key: Key, cost: Int) {
        remove(key)
        guard cost <= capacity else { return }
        while totalCost + cost > capacity, let oldest {
            remove(nodes[oldest].key)
        }
        let node = Node(key: key, value: value, cost: cost, newer: nil, older: nil)
        let position: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            position = reused
        } else {
            nodes.append(node)
            position = nodes.count - 1
        }
        positions[key] = position
        totalCost += cost
        linkAsNewest(position)
    }

    public mutating func remove(_ key: Key) {
        guard let position = positions.removeValue(forKey: key) else { return }
        unlink(position)
        totalCost -= nodes[position].cost
        free.append(position)
    }

    public mutating func removeAll() {
        self = LRUCache(capacity: capacity)
    }

    private mutating func unlink(_ position: Int) {
        let node = nodes[position]
        if let newer = node.newer { nodes[newer].older = node.older } else { newest = node.older }
        if let older = node.older { nodes[older].newer = node.newer } else { oldest = node.newer }
        nodes[position].newer = nil
        nodes[position].older = nil
    }

    private mutating func linkAsNewest(_ position: Int) {
        nodes[position].older = newest
        nodes[position].newer = nil
        if let newest { nodes[newest].newer = position }
        newest = position
        if oldest == nil { oldest = position }
    }
}

extension LRUCache: Sendable where Key: Sendable, Value: Sendable {}
extension LRUCache.Node: Sendable where Key: Sendable, Value: Sendable {}
