import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The public portal: `/`, `/datasets`, `/datasets/{id}`, `/agencies`, `/agencies/{code}`,
/// `/transparency` and `/api`. No sign-in; every page reads the node's in-memory snapshots
/// (catalogue, policy) and at most one small query (a checkpoint, the weekly counts, a preview
/// page), so the portal is as cheap to serve as the API.
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
    /// `/openapi.json` made into the API page once; each request sets only its chrome.
    let apiPage: APIPage

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
        apiPage = APIPage(chrome: pages.chrome("API", section: .api), document: document)
    }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("/", use: home)
        group.get("datasets", use: search)
        group.get("datasets/:dataset", use: dataset)
        group.get("agencies", use: agencies)
        group.get("agencies/:agency", use: agency)
        group.get("transparency", use: transparency)
        group.get("api", use: api)
    }

    @Sendable func home(_ request: Request, context: CausewayContext) async throws -> Response {
        let view = HomePage(chrome: pages.chrome("Open data and data sharing", section: .home), snapshot: catalog.snapshot,
                            checkpoint: try await checkpoints.latest())
        return pages.page("home", view)
    }

    @Sendable func search(_ request: Request, context: CausewayContext) async throws -> Response {
        let (query, page) = try SearchPage.query(QueryParameters(request))
        let title = query.text.isEmpty ? "Datasets" : "Datasets matching “\(query.text)”"
        let view = SearchPage(chrome: pages.chrome(page > 1 ? "\(title), page \(page)" : title, section: .datasets),
                              query: query, page: page, snapshot: catalog.snapshot)
        return pages.page("datasets", view)
    }

    @Sendable func dataset(_ request: Request, context: CausewayContext) async throws -> Response {
        let key = try context.parameters.require("dataset")
        let snapshot = catalog.snapshot
        guard let dataset = snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        let accept = AcceptHeader(request.headers[.accept])
        if accept.choose(["text/html", "application/ld+json", "application/json"]) != "text/html", accept.weight(of: "application/ld+json") > 0 {
            let document = DCATDocument.render(dataset, publisher: snapshot.agency(dataset.publisher), baseURL: baseURL)
            var response = JSONResponse.bytes(JSONWriter.bytes(document), contentType: "application/ld+json")
            response.headers[.vary] = "Accept"
            return response
        }
        let parameters = QueryParameters(request)
        var preview: DatasetPreview?
        if dataset.accessRights == .public, let target = try? await access.target(dataset: dataset.id, distribution: nil) {
            let chosen = DatasetPreview.parameters(parameters)
            var query = try RecordQueryParser.parse(chosen, schema: target.schema)
            query.limit = DatasetPreview.rowLimit
            query.includeTotal = true
            let page = try await data.records(of: target.distribution.id, version: nil, query: query)
            preview = DatasetPreview(dataset: dataset, schema: target.schema, page: page, parameters: chosen)
        }
        let view = DatasetPage(chrome: pages.chrome(dataset.title, section: .datasets), dataset: dataset, snapshot: snapshot,
                               agreements: policy.snapshot.approvedAgreements, preview: preview, baseURL: baseURL, now: clock())
        var response = pages.page("dataset", view)
        response.headers[.vary] = "Accept"
        response.headers[.link] = "<\(view.jsonLD)>; rel=\"alternate\"; type=\"application/ld+json\""
        return response
    }

    @Sendable func agencies(_ request: Request, context: CausewayContext) async throws -> Response {
        pages.page("agencies", AgenciesPage(chrome: pages.chrome("Agencies", section: .agencies), snapshot: catalog.snapshot))
    }

    @Sendable func agency(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("agency")
        let snapshot = catalog.snapshot
        guard let agency = snapshot.agency(code) else { throw Problem.notFound("agency", code) }
        let view = AgencyPage(chrome: pages.chrome(agency.name, section: .agencies), agency: agency, snapshot: snapshot,
                              agreements: policy.snapshot.approvedAgreements, now: clock())
        return pages.page("agency", view)
    }

    @Sendable func transparency(_ request: Request, context: CausewayContext) async throws -> Response {
        let now = clock()
        let counts = try await log.counts(per: .week, since: TransparencyPage.firstWeek(now: now))
        let view = TransparencyPage(chrome: pages.chrome("Transparency report", section: .transparency), counts: counts,
                                    snapshot: catalog.snapshot, checkpoint: try await checkpoints.latest(), baseURL: baseURL, now: now)
        return pages.page("transparency", view)
    }

    @Sendable func api(_ request: Request, context: CausewayContext) async throws -> Response {
        pages.page("api", apiPage)
    }
}
