import CausewayCore
import NIOCore

/// Rendered answers to record queries, keyed by everything the answer depends on — the
/// catalogue revision (names, access), the data version and the request's parameters — so a
/// hit is always exactly what a fresh query would return: versions never change once written,
/// and a new upload or catalogue edit changes the key rather than invalidating anything.
///
/// Hot public tables (case counts during an outbreak, a daily dashboard's feed) are read far
/// more often than they change; this turns those reads into a dictionary lookup. Bounded by
/// bytes, least recently used out first; one answer may take at most an eighth of it.
struct ResponseCache: Sendable {
    private let entries: SharedCache<String, ByteBuffer>
    private let largestEntry: Int

    /// `capacity` in bytes; 0 turns caching off.
    init(capacity: Int) {
        entries = SharedCache(capacity: capacity)
        largestEntry = capacity / 8
    }

    func value(for key: String) -> ByteBuffer? {
        entries.value(for: key)
    }

    func insert(_ value: ByteBuffer, for key: String) {
        guard value.readableBytes <= largestEntry else { return }
        entries.insert(value, for: key, cost: value.readableBytes + key.utf8.count)
    }
}
