import CausewayCore
import CausewayStore
import Logging
import ServiceLifecycle
import Synchronization

/// This node's view of the registries: their definitions, and one ``FeedHub`` per registry
/// that stream readers wait on.
///
/// One loop (``run()``) keeps it in step with the database: it wakes when this node writes
/// (``changes`` is rung after each commit), when PostgreSQL announces another node's write,
/// and every second in any case (the safety net, and how nodes sharing a SQLite file notice
/// each other). Each round reads the registries' last sequence numbers and, for a feed that
/// has stream readers, fetches the new events once for all of them. Thread-safe.
final class RegistryDirectory: Service, Sendable {
    let repository: RegistryRepository
    let logger: Logger
    /// Rung after a local write and by ``RevisionWatcher`` for other nodes' writes.
    let changes = Doorbell()
    /// Rung when a refresh finds a feed has moved on: wakes the ``WebhookDeliverer``.
    let advanced = Doorbell()

    private struct Entry: Sendable {
        var stored: StoredRegistry
        let hub: FeedHub
    }

    private let entries = Mutex<[String: Entry]>([:])

    init(repository: RegistryRepository, logger: Logger) {
        self.repository = repository
        self.logger = logger
    }

    /// The registry named `code`, from memory; a registry created on another node a moment ago
    /// is read from the database.
    func registry(_ code: String) async throws -> StoredRegistry? {
        if let entry = entries.withLock({ $0[code] }) { return entry.stored }
        guard let stored = try await repository.find(code) else { return nil }
        adopt([stored])
        return stored
    }

    var all: [StoredRegistry] {
        entries.withLock { $0.values.map(\.stored) }.sorted { $0.registry.code < $1.registry.code }
    }

    /// The registry's live feed on this node (nil for an unknown registry).
    func hub(_ code: String) -> FeedHub? {
        entries.withLock { $0[code]?.hub }
    }

    /// The newest event this node knows of in `stored`'s feed: its live feed's, or the
    /// definition's, whichever is further on.
    func lastSequence(of stored: StoredRegistry) -> UInt64 {
        max(stored.lastSequence, hub(stored.registry.code)?.last ?? 0)
    }

    /// Reads every registry's definition and feed position, and hands new events to the feeds
    /// that have readers.
    func refresh() async throws {
        let stored = try await repository.all()
        adopt(stored)
        for registry in stored {
            guard let hub = hub(registry.registry.code), registry.lastSequence > hub.last else { continue }
            advanced.ring()
            guard hub.hasReaders else {
                hub.extend(with: [], last: registry.lastSequence)
                continue
            }
            var events: [RegistryEvent] = []
            var cursor = hub.last
            while cursor < registry.lastSequence {
                let page = try await repository.events(registry.registry, after: cursor, limit: 1_000)
                guard let last = page.last else { break }
                events += page
                cursor = last.sequence
            }
            hub.extend(with: events, last: max(cursor, hub.last))
        }
    }

    private func adopt(_ registries: [StoredRegistry]) {
        entries.withLock { entries in
            for stored in registries {
                if var entry = entries[stored.registry.code] {
                    entry.stored = stored
                    entries[stored.registry.code] = entry
                } else {
                    entries[stored.registry.code] = Entry(stored: stored, hub: FeedHub(last: stored.lastSequence))
                }
            }
        }
    }

    func run() async throws {
        await Polling.every(.seconds(1), doorbell: changes, logger: logger, failure: "registry feed refresh failed") {
            try await self.refresh()
        }
    }
}
