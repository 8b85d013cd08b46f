import CausewayCore
import CausewayStore
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Keeps this node's ``CatalogSnapshot`` in step with the database.
///
/// Writes go to the store first; the writer then calls ``refresh()`` so its own change is
/// visible before it answers (read-your-writes). Changes made by other nodes sharing the
/// database arrive through the poll loop, which asks once a second whether the catalogue
/// revision moved: one indexed single-row read, whatever the catalogue size.
public final class CatalogService: Service, Sendable {
    private let current: Mutex<CatalogSnapshot>
    private let builder: Builder
    private let logger: Logger
    let pollInterval: Duration
    /// Rung when another node changes the catalogue (see ``RevisionWatcher``).
    let changes = Doorbell()

    /// `renderings` are the other forms read APIs serve datasets in (see ``DatasetRendering``).
    public init(datasets: DatasetRepository, agencies: AgencyRepository, renderings: [DatasetRendering] = [], logger: Logger,
                pollInterval: Duration = .seconds(1)) {
        self.current = Mutex(.empty)
        self.builder = Builder(datasets: datasets, agencies: agencies, renderings: renderings, logger: logger)
        self.logger = logger
        self.pollInterval = pollInterval
    }

    /// The snapshot to serve this request from.
    public var snapshot: CatalogSnapshot { current.withLock { $0 } }

    /// Brings the snapshot up to the store's current revision.
    ///
    /// Builds are serialised by the builder, and every refresh gets the builder's latest
    /// snapshot back, even one another refresh built meanwhile: a writer whose change was
    /// built into someone else's snapshot still sees it. Refreshes may return in either order,
    /// so an older revision never replaces the snapshot: a slow, older build never undoes a
    /// writer's read-your-writes.
    public func refresh() async throws {
        try await refresh(toInclude: .max)
    }

    /// Brings the snapshot up to at least `revision`, the one a write of this node's
    /// committed at: returns at once if a build already got there, and joins the running build
    /// if that one read the write, instead of queueing behind it (group-committed writers
    /// share one revision, and so one build).
    public func refresh(toInclude revision: Int64) async throws {
        if snapshot.index.revision >= revision { return }
        let next = try await builder.build(toInclude: revision)
        current.withLock { if next.index.revision >= $0.index.revision { $0 = next } }
    }

    /// The poll loop, run as a service beside the HTTP server.
    public func run() async throws {
        await Polling.every(pollInterval, doorbell: changes, logger: logger, failure: "catalogue refresh failed") { try await refresh() }
    }

    /// Owns the mutable state behind the snapshots.
    ///
    /// Each build asks the store for the datasets changed since the last one and applies them
    /// to a copy of the last snapshot: the index changes in place (see ``CatalogIndex``), and
    /// only the changed datasets are rendered again.
    ///
    /// Invariant: at most one build runs, and at most one waits behind it. An actor alone does
    /// not give that (a build awaits the database, and another call would enter meanwhile and
    /// apply the same changes twice). A caller who arrives while a build runs joins the waiting
    /// one, which starts when the running one ends and so sees the caller's write: a harvest's
    /// parallel writes are applied in batches (group commit), without anyone asking for it.
    actor Builder {
        let datasets: DatasetRepository
        let agencies: AgencyRepository
        let renderings: [DatasetRendering]
        let logger: Logger
        var revision: Int64 = -1
        /// The last snapshot built, returned again while the revision stands still.
        var latest = CatalogSnapshot.empty
        private var running: Task<CatalogSnapshot, any Error>?
        private var waiting: Task<CatalogSnapshot, any Error>?
        /// The revision the running build brings the snapshot to, once it has read the changes.
        private var runningTo: Int64?

        init(datasets: DatasetRepository, agencies: AgencyRepository, renderings: [DatasetRendering], logger: Logger) {
            self.datasets = datasets
            self.agencies = agencies
            self.renderings = renderings
            self.logger = logger
        }

        /// A snapshot that includes every change committed before the call, or at least every
        /// change up to `revision`.
        func build(toInclude revision: Int64) async throws -> CatalogSnapshot {
            if let running, let runningTo, runningTo >= revision { return try await running.value }
            if let waiting { return try await waiting.value }
            guard let running else {
                let task = Task { try await runOnce() }
                running = task
                return try await task.value
            }
            let task = Task {
                _ = try? await running.value
                self.running = self.waiting
                self.waiting = nil
                return try await runOnce()
            }
            waiting = task
            return try await task.value
        }

        private func runOnce() async throws -> CatalogSnapshot {
            defer {
                running = nil
                runningTo = nil
            }
            let (newRevision, changes) = try await datasets.changes(since: max(revision, 0))
            runningTo = newRevision
            if newRevision == revision { return latest }
            let agencyList = try await agencies.all()
            var upserted: [Dataset] = []
            var deleted: [String] = []
            for change in changes {
                switch change {
                case .upserted(let dataset): upserted.append(dataset)
                case .deleted(let id): deleted.append(id)
                }
            }
            let previous = latest
            var index = previous.index
            let update: CatalogIndex.Update
            if revision < 0 {
                index = CatalogIndex(revision: newRevision, datasets: upserted)
                update = .rebuilt
            } else {
                update = index.apply(upserted: upserted, deleted: deleted, revision: newRevision)
            }
            revision = newRevision
            latest = try await rendered(index, after: update, from: previous, agencies: agencyList)
            logger.debug("catalogue refreshed", metadata: [
                "revision": "\(newRevision)", "written": "\(upserted.count)", "deleted": "\(deleted.count)",
                "datasets": "\(index.count)", "positions": "\(index.positionCount)", "rebuilt": "\(update == .rebuilt)",
            ])
            return latest
        }

        /// The snapshot of `index`: the renderings of `previous` where a dataset and the
        /// agencies stand as they were, new ones for the rest. Rendering everything (at start,
        /// after a compaction, when an agency changed) is spread over the cores.
        private func rendered(_ index: CatalogIndex, after update: CatalogIndex.Update, from previous: CatalogSnapshot,
                              agencies agencyList: [Agency]) async throws -> CatalogSnapshot {
            let agencyByCode = Dictionary(agencyList.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            let agenciesChanged = agencyList != previous.agencies
            let renderings = renderings
            @Sendable func render(_ position: Int) throws -> (api: ByteBuffer, others: [ByteBuffer]) {
                guard index.isLive(position) else { return (ByteBuffer(), renderings.map { _ in ByteBuffer() }) }
                let dataset = index.dataset(at: position)
                if !agenciesChanged, let old = previous.index.position(ofID: dataset.id), previous.index.dataset(at: old) == dataset {
                    return (previous.apiJSON[old], renderings.map { previous.renderings[$0.name]?[old] ?? ByteBuffer() })
                }
                return (ByteBuffer(data: try APIJSON.encoder.encode(dataset)), try renderings.map { try $0.render(dataset, agencyByCode[dataset.publisher]) })
            }
            var api = previous.apiJSON
            var others = renderings.map { previous.renderings[$0.name] ?? [] }
            func add(_ entry: (api: ByteBuffer, others: [ByteBuffer])) {
                api.append(entry.api)
                for slot in others.indices { others[slot].append(entry.others[slot]) }
            }
            switch update {
            case .appended(let added, let removed) where !agenciesChanged:
                for position in removed {
                    api[position] = ByteBuffer()
                    for slot in others.indices { others[slot][position] = ByteBuffer() }
                }
                for position in added { add(try render(position)) }
            default:
                api = []
                others = renderings.map { _ in [] }
                let count = index.positionCount
                for entry in try await (0..<count).concurrentMap(slicesOf: 4_096, render) { add(entry) }
            }
            let byName = Dictionary(zip(renderings.map(\.name), others), uniquingKeysWith: { first, _ in first })
            return CatalogSnapshot(index: index, agencies: agencyList, apiJSON: api, renderings: byName)
        }
    }
}
