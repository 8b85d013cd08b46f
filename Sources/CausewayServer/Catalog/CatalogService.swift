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
        self.builder = Builder(datasets: datasets, agencies: agencies, renderings: renderings)
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
        let next = try await builder.build()
        current.withLock { if next.index.revision >= $0.index.revision { $0 = next } }
    }

    /// The poll loop, run as a service beside the HTTP server.
    public func run() async throws {
        await Polling.every(pollInterval, doorbell: changes, logger: logger, failure: "catalogue refresh failed") { try await refresh() }
    }

    /// Owns the mutable state behind the snapshots; an actor so that refreshes never overlap.
    actor Builder {
        let datasets: DatasetRepository
        let agencies: AgencyRepository
        let renderings: [DatasetRendering]
        var revision: Int64 = -1
        /// The last snapshot built, returned again while the revision stands still.
        var latest = CatalogSnapshot.empty
        var byID: [String: Dataset] = [:]
        var agencyList: [Agency] = []
        /// Each dataset's API JSON and its other renderings (in ``renderings``' order), reused
        /// while neither it nor the agency list changed.
        var rendered: [String: (dataset: Dataset, api: ByteBuffer, others: [ByteBuffer])] = [:]

        init(datasets: DatasetRepository, agencies: AgencyRepository, renderings: [DatasetRendering]) {
            self.datasets = datasets
            self.agencies = agencies
            self.renderings = renderings
        }

        func build() async throws -> CatalogSnapshot {
            let (newRevision, changes) = try await datasets.changes(since: max(revision, 0))
            if newRevision == revision { return latest }
            let freshAgencies = try await agencies.all()
            if freshAgencies != agencyList { rendered.removeAll() }
            agencyList = freshAgencies
            for change in changes {
                switch change {
                case .upserted(let dataset): byID[dataset.id] = dataset
                case .deleted(let id):
                    byID[id] = nil
                    rendered[id] = nil
                }
            }
            revision = newRevision
            let index = CatalogIndex(revision: newRevision, datasets: Array(byID.values))
            let agencyByCode = Dictionary(agencyList.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            var api: [ByteBuffer] = []
            var others = Array(repeating: [ByteBuffer](), count: renderings.count)
            api.reserveCapacity(index.count)
            for slot in others.indices { others[slot].reserveCapacity(index.count) }
            let encoder = APIJSON.encoder
            for dataset in index.datasets {
                var entry: (dataset: Dataset, api: ByteBuffer, others: [ByteBuffer])
                if let cached = rendered[dataset.id], cached.dataset == dataset {
                    entry = cached
                } else {
                    let agency = agencyByCode[dataset.publisher]
                    entry = (dataset, ByteBuffer(data: try encoder.encode(dataset)), try renderings.map { try $0.render(dataset, agency) })
                    rendered[dataset.id] = entry
                }
                api.append(entry.api)
                for slot in others.indices { others[slot].append(entry.others[slot]) }
            }
            let byName = Dictionary(zip(renderings.map(\.name), others), uniquingKeysWith: { first, _ in first })
            latest = CatalogSnapshot(index: index, agencies: agencyList, apiJSON: api, renderings: byName)
            return latest
        }
    }
}
