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

    public init(datasets: DatasetRepository, agencies: AgencyRepository, logger: Logger, pollInterval: Duration = .seconds(1)) {
        self.current = Mutex(.empty)
        self.builder = Builder(datasets: datasets, agencies: agencies)
        self.logger = logger
        self.pollInterval = pollInterval
    }

    /// The snapshot to serve this request from.
    public var snapshot: CatalogSnapshot { current.withLock { $0 } }

    /// Brings the snapshot up to the store's current revision.
    public func refresh() async throws {
        if let next = try await builder.build() {
            current.withLock { $0 = next }
        }
    }

    /// The poll loop, run as a service beside the HTTP server.
    public func run() async throws {
        await Polling.every(pollInterval, doorbell: changes, logger: logger, failure: "catalogue refresh failed") { try await refresh() }
    }

    /// Owns the mutable state behind the snapshots; an actor so that refreshes never overlap.
    actor Builder {
        let datasets: DatasetRepository
        let agencies: AgencyRepository
        var revision: Int64 = -1
        var byID: [String: Dataset] = [:]
        var agencyList: [Agency] = []
        /// Rendered JSON of each dataset, reused while neither it nor the agency list changed.
        var rendered: [String: (dataset: Dataset, api: ByteBuffer, ckan: ByteBuffer)] = [:]

        init(datasets: DatasetRepository, agencies: AgencyRepository) {
            self.datasets = datasets
            self.agencies = agencies
        }

        func build() async throws -> CatalogSnapshot? {
            let (newRevision, changes) = try await datasets.changes(since: max(revision, 0))
            if newRevision == revision { return nil }
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
            var ckan: [ByteBuffer] = []
            api.reserveCapacity(index.count)
            ckan.reserveCapacity(index.count)
            let encoder = CatalogJSON.encoder
            for dataset in index.datasets {
                if let cached = rendered[dataset.id], cached.dataset == dataset {
                    api.append(cached.api)
                    ckan.append(cached.ckan)
                    continue
                }
                let apiBuffer = ByteBuffer(data: try encoder.encode(dataset))
                let ckanBuffer = ByteBuffer(data: try encoder.encode(CKANPackage(dataset: dataset, agency: agencyByCode[dataset.publisher])))
                rendered[dataset.id] = (dataset, apiBuffer, ckanBuffer)
                api.append(apiBuffer)
                ckan.append(ckanBuffer)
            }
            return CatalogSnapshot(index: index, agencies: agencyList, apiJSON: api, ckanJSON: ckan)
        }
    }
}

/// The JSON encoding of API responses: ISO 8601 dates, stable key order, unescaped slashes.
enum CatalogJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }()
}
