import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// The public portal: `/`, `/datasets`, `/datasets/{id}`, `/agencies`, `/agencies/{code}`,
/// `/transparency` and `/api`. No sign-in, and the same page for everyone.
///
/// Every page is rendered from the node's in-memory snapshots (catalogue, policy) and at most
/// one small query, then kept, keyed by everything it depends on: the catalogue's and the
/// policy's revisions, the data version behind a preview, the newest checkpoint (read at most
/// once a second), the address with its query, and the minute for what the clock decides (an
/// agreement that just expired). A change makes a new key rather than invalidating anything,
/// so a kept page is always the page a fresh render would give, at most a minute old for the
/// clock's part.
struct PortalRoutes {
    let pages: Pages
    let catalog: CatalogService
    let policy: PolicyService
    let checkpoints: CheckpointPublisher
    let log: LogReader
    let access: HostedAccess
    let data: HostedDataRepository
    let baseURL: String
    let clock: @Sendable () -> Date
    /// `/openapi.json` made into the API page once.
    let apiPage: ByteBuffer
    /// Rendered pages, by what they depend on (see above).
    let cache = ResponseCache<String>(capacity: 32 << 20)
    let checkpoint: RecentValue<CheckpointStore.StoredCheckpoint?>

    init(pages: Pages, catalog: CatalogService, policy: PolicyService, checkpoints: CheckpointPublisher, log: LogReader,
         access: HostedAccess, data: HostedDataRepository, baseURL: String, clock: @escaping @Sendable () -> Date) {
        self.pages = pages
        self.catalog = catalog
        self.policy = policy
        self.checkpoints = checkpoints
        self.log = log
        self.access = access
        self.data = data
        self.baseURL = baseURL
        self.clock = clock
        let document = (try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any]) ?? [:]
        apiPage = pages.html("api", APIPage(chrome: pages.chrome("API", section: .api), document: document))
        checkpoint = RecentValue(maxAge: 1) { [checkpoints] in try await checkpoints.latest() }
    }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("/", use: home)
        group.get("datasets", use: search)
        group.get("datasets/:dataset", use: dataset)
        group.get("datasets/:dataset/data.csv") { request, context in try await download(request, context: context, format: .csv) }
        group.get("datasets/:dataset/data.jsonl") { request, context in try await download(request, context: context, format: .jsonl) }
        group.get("agencies", use: agencies)
        group.get("agencies/:agency", use: agency)
        group.get("transparency", use: transparency)
        group.get("api", use: api)
    }

    /// The page kept under `key`, or rendered now and kept.
    private func cached(_ key: String, _ render: () async throws -> ByteBuffer) async throws -> Response {
        if let kept = cache.value(for: key) { return pages.response(kept) }
        let html = try await render()
        cache.insert(html, for: key)
        return pages.response(html)
    }

    /// The minute, for the part of a page the clock decides.
    private var minute: Int { Int(clock().timeIntervalSince1970 / 60) }

    @Sendable func home(_ request: Request, context: CausewayContext) async throws -> Response {
        let snapshot = catalog.snapshot
        let latest = try await checkpoint.value(now: clock())
        return try await cached("home \(snapshot.index.revision) \(latest?.size ?? 0)") {
            pages.html("home", HomePage(chrome: pages.chrome("Open data and data sharing", section: .home), snapshot: snapshot, checkpoint: latest))
        }
    }

    @Sendable func search(_ request: Request, context: CausewayContext) async throws -> Response {
        let (query, page) = try SearchPage.query(QueryParameters(request))
        let snapshot = catalog.snapshot
        return try await cached("search \(snapshot.index.revision) \(request.uri.query ?? "")") {
            let title = query.text.isEmpty ? "Datasets" : "Datasets matching “\(query.text)”"
            return pages.html("datasets", SearchPage(chrome: pages.chrome(page > 1 ? "\(title), page \(page)" : title, section: .datasets),
                                                     query: query, page: page, snapshot: snapshot))
        }
    }

    @Sendable func dataset(_ request: Request, context: CausewayContext) async throws -> Response {
        let key = try context.parameters.require("dataset")
        let snapshot = catalog.snapshot
        guard let dataset = snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        let accept = AcceptHeader(request.headers[.accept])
        if accept.choose(["text/html", "application/ld+json", "text/turtle", "application/rdf+xml", "application/json"]) != "text/html",
           let format = RDFFormat.preferred(by: accept) {
            let document = DCATDocument.render(dataset, publisher: snapshot.agency(dataset.publisher), baseURL: baseURL)
            var response = JSONResponse.bytes(format.bytes(document), contentType: format.mediaType)
            response.headers[.vary] = "Accept"
            return response
        }
        let target = dataset.accessRights == .public ? try? await access.target(dataset: dataset.id, distribution: nil) : nil
        let version = try await target.asyncFlatMap { try await data.version(of: $0.distribution.id)?.version } ?? 0
        let policy = self.policy.snapshot
        var response = try await cached("dataset \(snapshot.index.revision) \(policy.revision) \(version) \(minute) \(request.uri)") {
            var preview: DatasetPreview?
            if let target {
                let chosen = DatasetPreview.parameters(QueryParameters(request))
                var query = try RecordQueryParser.parse(chosen, schema: target.schema)
                query.limit = DatasetPreview.rowLimit
                query.includeTotal = true
                let page = try await data.records(of: target.distribution.id, version: version, query: query)
                preview = DatasetPreview(dataset: dataset, schema: target.schema, page: page, parameters: chosen)
            }
            var released: ReleasedFigures?
            if let privacy = dataset.privacy, dataset.accessRights == .public {
                released = ReleasedFigures(privacy: privacy, source: snapshot.dataset(idOrName: privacy.source), pages: try await releasedPages(privacy, of: dataset))
            }
            return pages.html("dataset", DatasetPage(chrome: pages.chrome(dataset.title, section: .datasets), dataset: dataset, snapshot: snapshot,
                                                     agreements: policy.approvedAgreements, preview: preview, released: released,
                                                     baseURL: baseURL, now: clock()))
        }
        response.headers[.vary] = "Accept"
        response.headers[.link] = "<\(DCATDocument.datasetIRI(dataset, baseURL))>; rel=\"alternate\"; type=\"application/ld+json\""
        return response
    }

    /// Each table of a release, as its figures are shown beside their accuracy.
    private func releasedPages(_ privacy: ReleasePrivacy, of dataset: Dataset) async throws -> [String: (schema: TableSchema, page: RecordPage)] {
        var pages: [String: (schema: TableSchema, page: RecordPage)] = [:]
        for table in privacy.tables {
            guard let schema = dataset.distribution(id: table.distribution)?.schema,
                  let version = try await data.version(of: table.distribution)?.version else { continue }
            var query = RecordQuery()
            query.limit = ReleasedFigures.rowLimit
            query.includeTotal = true
            pages[table.distribution] = (schema, try await data.records(of: table.distribution, version: version, query: query))
        }
        return pages
    }

    /// The whole table of an open dataset (the rows the preview's sort and filters select, not
    /// only its first page), streamed page by page as a file to save.
    @Sendable func download(_ request: Request, context: CausewayContext, format: RecordRenderer.Format) async throws -> Response {
        let key = try context.parameters.require("dataset")
        guard let dataset = catalog.snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        try HostedAccess.requireOpen(dataset)
        let target = try await access.target(dataset: dataset.id, distribution: nil)
        var query = try RecordQueryParser.parse(DatasetPreview.parameters(QueryParameters(request)), schema: target.schema)
        query.limit = .max
        var response = try await RecordRoutes.stream(query, of: target, version: nil, format: format, data: data,
                                                     base: "/api/v1/datasets/\(target.dataset.id)/records?cursor=")
        response.headers[.contentDisposition] = "attachment; filename=\"\(target.dataset.name).\(format.rawValue)\""
        return response
    }

    @Sendable func agencies(_ request: Request, context: CausewayContext) async throws -> Response {
        let snapshot = catalog.snapshot
        return try await cached("agencies \(snapshot.index.revision)") {
            pages.html("agencies", AgenciesPage(chrome: pages.chrome("Agencies", section: .agencies), snapshot: snapshot))
        }
    }

    @Sendable func agency(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("agency")
        let snapshot = catalog.snapshot
        guard let agency = snapshot.agency(code) else { throw Problem.notFound("agency", code) }
        let policy = self.policy.snapshot
        return try await cached("agency \(code) \(snapshot.index.revision) \(policy.revision) \(minute)") {
            pages.html("agency", AgencyPage(chrome: pages.chrome(agency.name, section: .agencies), agency: agency, snapshot: snapshot,
                                            agreements: policy.approvedAgreements, now: clock()))
        }
    }

    @Sendable func transparency(_ request: Request, context: CausewayContext) async throws -> Response {
        let now = clock()
        let latest = try await checkpoint.value(now: now)
        return try await cached("transparency \(catalog.snapshot.index.revision) \(latest?.size ?? 0) \(minute)") {
            let counts = try await log.counts(per: .week, since: TransparencyPage.firstWeek(now: now))
            return pages.html("transparency", TransparencyPage(chrome: pages.chrome("Transparency report", section: .transparency), counts: counts,
                                                               snapshot: catalog.snapshot, checkpoint: latest, baseURL: baseURL, now: now))
        }
    }

    @Sendable func api(_ request: Request, context: CausewayContext) async throws -> Response {
        pages.response(apiPage)
    }
}
