import CausewayCore
import NIOCore

/// Rendered answers, keyed by everything the answer depends on, so a hit is always exactly
/// what a fresh query would return and nothing is ever invalidated: a catalogue edit, a new
/// upload or a later `NOW` changes the key instead.
///
/// Record queries key on the catalogue revision (names, access), the data version and the
/// request's parameters; hot public tables (case counts during an outbreak, a daily
/// dashboard's feed) are read far more often than they change. `package_search` keys on the
/// catalogue revision and the parsed query (see ``CKANSearchKey``); a portal's landing page
/// asks the same faceted search on every visit. Bounded by bytes, least recently used out
/// first; one answer may take at most an eighth of it. Threading: share freely; each lookup
/// and insertion holds a lock for the dictionary operation alone.
struct ResponseCache<Key: Hashable & Sendable>: Sendable {
    private let entries: SharedCache<Key, ByteBuffer>
    private let largestEntry: Int
    /// What an entry costs beyond its answer: the key and the bookkeeping, about.
    private static var entryOverhead: Int { 256 }

    /// `capacity` in bytes; 0 turns caching off.
    init(capacity: Int) {
        entries = SharedCache(capacity: capacity)
        largestEntry = capacity / 8
    }

    func value(for key: Key) -> ByteBuffer? {
        entries.value(for: key)
    }

    func insert(_ value: ByteBuffer, for key: Key) {
        guard value.readableBytes <= largestEntry else { return }
        entries.insert(value, for: key, cost: value.readableBytes + Self.entryOverhead)
    }
}
