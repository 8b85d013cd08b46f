import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// The read side of the CKAN Action API v3, at `/api/3/action/{action}` and at
/// `/api/action/{action}` (ckanapi posts to the unversioned path and follows no redirects),
/// and at `/api/2/action` and `/api/1/action` as CKAN serves them too (ckanext-harvest's CKAN
/// harvester asks version 2).
struct CKANRoutes {
    let catalog: CatalogService
    let siteTitle: String
    let siteURL: String
    /// Runs inside the CKAN error middleware, so a bad token gets CKAN's "Authorization Error".
    let authentication: AuthenticationMiddleware
    let dataStore: CKANDataStore
    /// Catalogue writes (`package_create` and the rest), through the API's own editor.
    let editor: DatasetEditor
    let agencies: AgencyRepository
    /// Whole `package_search` answers: a portal's landing page and its popular searches are
    /// asked far more often than the catalogue changes.
    let searchCache: ResponseCache<CKANSearchKey>
    /// Anchors `NOW` in a query's date math.
    let clock: @Sendable () -> Date

    static let ckanVersion = "2.10.4"

    static func helpURL(_ action: String) -> String {
        "/api/3/action/help_show?name=\(action)"
    }

    func register(on router: Router<CausewayContext>) {
        var ckanAuthentication = authentication
        ckanAuthentication.acceptsCKANKey = true
        for prefix in ["api/3/action", "api/2/action", "api/1/action", "api/action"] {
            let group = router.group(RouterPath(prefix)).add(middleware: CKANErrorMiddleware())
                .add(middleware: ckanAuthentication)
            group.get(":action", use: dispatch)
            group.post(":action", use: dispatch)
        }
    }

    @Sendable func dispatch(_ request: Request, context: CausewayContext) async throws -> Response {
        let action = try context.parameters.require("action")
        let parameters = try await CKANParameters.read(request, action: action, signedIn: context.user != nil)
        let snapshot = catalog.snapshot
        switch action {
        case "status_show":
            return ok(action, JSONValue.object([
                "site_title": .string(siteTitle), "site_url": .string(siteURL), "site_description": .string(
                    "Causeway data exchange: the catalogue of \(snapshot.agencies.count) agencies."),
                "ckan_version": .string(Self.ckanVersion), "locale_default": .string("en"),
                "error_emails_to": .null, "extensions": .array([.string("causeway"), .string("dcat")]),
            ]))
        case "site_read":
            return try ok(action, true)
        case "help_show":
            let name = try parameters.required("name")
            guard let help = CKANHelp.texts[name] else { throw CKANError.notFound("Action name not known: \(name)") }
            return try ok(action, help)
        case "package_list":
            let limit = try parameters.int("limit", default: Int.max, range: 0...Int.max)
            let offset = try parameters.int("offset", default: 0, range: 0...Int.max)
            return try ok(action, snapshot.index.datasetsByName.dropFirst(offset).prefix(limit).map(\.name))
        case "package_show":
            let key = try parameters.required("id")
            guard let position = snapshot.index.position(ofIDOrName: key) else { throw CKANError.notFound() }
            return raw(action, try CKANPackage.json(at: position, in: snapshot))
        case "package_search":
            return try search(action, parameters, snapshot)
        case "organization_list":
            return try organizationList(action, parameters, snapshot)
        case "organization_show":
            let key = try parameters.required("id")
            guard let agency = snapshot.agency(key) else { throw CKANError.notFound() }
            var organization = organizationBody(agency, count: snapshot.datasetCounts()[agency.code] ?? 0)
            if try parameters.bool("include_datasets", default: false) {
                organization["packages"] = .array(try Self.packages(FacetFilter(.publisher, agency.code), sort: .nameAscending, limit: 1_000, snapshot))
            }
            return ok(action, JSONValue.object(organization))
        case "group_list":
            let allFields = try parameters.bool("all_fields", default: false)
            let counts = Self.themeCounts(snapshot)
            let themes = Theme.allCases.filter { counts[$0.rawValue] != nil }
            if allFields {
                return ok(action, JSONValue.array(themes.map { Self.groupBody($0, count: counts[$0.rawValue] ?? 0) }))
            }
            return try ok(action, themes.map(\.groupName))
        case "group_show":
            let theme = try Self.theme(try parameters.required("id"))
            guard case .object(var group) = Self.groupBody(theme, count: Self.themeCounts(snapshot)[theme.rawValue] ?? 0) else { throw CKANError.notFound() }
            if try parameters.bool("include_datasets", default: false) {
                group["packages"] = .array(try Self.packages(FacetFilter(.theme, theme.rawValue), sort: .modifiedDescending, limit: 1_000, snapshot))
            }
            return ok(action, JSONValue.object(group))
        case "group_package_show":
            let theme = try Self.theme(try parameters.required("id"))
            let limit = try parameters.int("limit", default: 1_000, range: 1...1_000)
            return ok(action, JSONValue.array(try Self.packages(FacetFilter(.theme, theme.rawValue), sort: .modifiedDescending, limit: limit, snapshot)))
        case "tag_list":
            let filter = parameters.string("query")?.lowercased()
            let tags = snapshot.index.allValues(of: .keyword).map(\.value).filter { tag in
                filter.map { tag.lowercased().contains($0) } ?? true
            }.sorted()
            if try parameters.bool("all_fields", default: false) {
                return ok(action, JSONValue.array(tags.map {
                    .object(["id": .string($0), "name": .string($0), "display_name": .string($0), "vocabulary_id": .null])
                }))
            }
            return try ok(action, tags)
        case "resource_show":
            let id = try parameters.required("id")
            guard let position = snapshot.index.position(ofDistribution: id) else { throw CKANError.notFound() }
            let dataset = snapshot.index.dataset(at: position)
            guard let index = dataset.distributions.firstIndex(where: { $0.id == id }) else { throw CKANError.notFound() }
            return try ok(action, CKANResource(distribution: dataset.distributions[index], dataset: dataset, position: index))
        case _ where Self.writeActions.contains(action):
            return try await write(action, parameters, request: request, user: context.user)
        case _ where CKANDataStore.actions.contains(action):
            return raw(action, try await dataStore.handle(action, parameters, user: context.user))
        default:
            throw CKANError.badRequest("Bad request - Action name not known: \(action)")
        }
    }

    /// A DCAT theme named as CKAN names groups (its lowercase code), or CKAN's 404.
    static func theme(_ key: String) throws -> Theme {
        guard let theme = Theme(groupName: key) else { throw CKANError.notFound("Group not found: \(key)") }
        return theme
    }

    static func themeCounts(_ snapshot: CatalogSnapshot) -> [String: Int] {
        Dictionary(snapshot.index.allValues(of: .theme).map { ($0.value, $0.count) }, uniquingKeysWith: +)
    }

    /// A theme as CKAN's group dictionary (`group_list` with all fields, `group_show`).
    static func groupBody(_ theme: Theme, count: Int) -> JSONValue {
        .object(["id": .string(theme.groupName), "name": .string(theme.groupName), "title": .string(theme.label),
                 "display_name": .string(theme.label), "description": .string(theme.vocabularyURI),
                 "type": .string("group"), "state": .string("active"), "is_organization": .bool(false),
                 "package_count": .int(count), "image_display_url": .string("")])
    }

    /// The datasets `filter` selects, as CKAN packages (an organisation's, a group's).
    static func packages(_ filter: FacetFilter, sort: DatasetSort, limit: Int, _ snapshot: CatalogSnapshot) throws -> [JSONValue] {
        let result = snapshot.index.search(DatasetQuery(filters: [filter], sort: sort, limit: limit))
        return try result.positions.map { try package(at: $0, snapshot) }
    }

    /// The dataset at `position` exactly as `package_show` returns it, as a value to embed or merge.
    static func package(at position: Int, _ snapshot: CatalogSnapshot) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(buffer: try CKANPackage.json(at: position, in: snapshot)))
    }

    private func search(_ action: String, _ parameters: CKANParameters, _ snapshot: CatalogSnapshot) throws -> Response {
        var query = DatasetQuery()
        let (q, fq) = (parameters.string("q") ?? "", parameters.string("fq") ?? "")
        let now = clock()
        // A query on the unrounded clock (`NOW-90DAYS`) is another query a millisecond later:
        // it is never asked twice, and keeping its answers would only push others out.
        var followsTheClock = false
        let parsedQ = try CKANSearchTranslator.parse(q, parameter: "q", now: now, followsTheClock: &followsTheClock)
        let parsedFQ = try CKANSearchTranslator.parse(fq, parameter: "fq", now: now, followsTheClock: &followsTheClock)
        (query.text, query.condition) = ((parsedQ.text + parsedFQ.text).joined(separator: " "), parsedQ.condition.and(parsedFQ.condition))
        let keepable = !followsTheClock
        query.limit = try parameters.int("rows", default: 10, range: 0...DatasetQuery.maxLimit)
        query.offset = try parameters.int("start", default: 0, range: 0...Int(Int32.max))
        query.sort = try CKANSearchTranslator.sort(parameters.string("sort"))
        let facetLimit = try parameters.int("facet.limit", default: 50, range: -1...100_000)
        query.facetLimit = facetLimit < 0 ? nil : facetLimit
        let facetFields = try parameters.bool("facet", default: true) ? (try parameters.list("facet.field") ?? []) : []
        query.facets = try facetFields.map { field in
            guard let facet = CKANSearchTranslator.facetByField[field] else {
                throw CKANError.validation("facet.field", "Cannot facet on '\(field)'")
            }
            return facet
        }
        let sortText = parameters.string("sort") ?? "score desc, metadata_modified desc"
        let key = CKANSearchKey(revision: snapshot.index.revision, action: action, query: query, facetFields: facetFields, sort: sortText)
        if keepable, let kept = searchCache.value(for: key) { return JSONResponse.bytes(kept) }
        let result = snapshot.index.search(query)

        // The facet blocks are written directly: with a few dozen values per facet, building
        // and key-sorting a dictionary per value costs more than the search itself.
        var facets = ByteBuffer()
        var searchFacets = ByteBuffer()
        facets.writeStaticString("{")
        searchFacets.writeStaticString("{")
        for (index, (field, facet)) in zip(facetFields, query.facets).enumerated() {
            if index > 0 {
                facets.writeStaticString(",")
                searchFacets.writeStaticString(",")
            }
            JSONWriter.writeString(field, into: &facets)
            facets.writeStaticString(":{")
            JSONWriter.writeString(field, into: &searchFacets)
            searchFacets.writeStaticString(#":{"items":["#)
            for (position, count) in (result.facets[facet] ?? []).enumerated() {
                let name = CKANSearchTranslator.publicValue(count.value, for: facet)
                if position > 0 {
                    facets.writeStaticString(",")
                    searchFacets.writeStaticString(",")
                }
                JSONWriter.writeString(name, into: &facets)
                facets.writeString(":\(count.count)")
                searchFacets.writeString(#"{"count":\#(count.count),"display_name":"#)
                JSONWriter.writeString(displayName(count.value, facet, snapshot), into: &searchFacets)
                searchFacets.writeStaticString(#","name":"#)
                JSONWriter.writeString(name, into: &searchFacets)
                searchFacets.writeStaticString("}")
            }
            facets.writeStaticString("}")
            searchFacets.writeStaticString(#"],"title":"#)
            JSONWriter.writeString(field, into: &searchFacets)
            searchFacets.writeStaticString("}")
        }
        facets.writeStaticString("}")
        searchFacets.writeStaticString("}")
        let prefix = #"{"help":"\#(Self.helpURL(action))","success":true,"result":{"count":\#(result.total),"sort":\#(JSONWriter.text(.string(sortText))),"facets":\#(String(buffer: facets)),"search_facets":\#(String(buffer: searchFacets)),"results":["#
        let body = JSONResponse.joined(prefix: prefix, parts: try result.positions.map { try CKANPackage.json(at: $0, in: snapshot) }, suffix: "]}}")
        if keepable { searchCache.insert(body, for: key) }
        return JSONResponse.bytes(body)
    }

    private func organizationList(_ action: String, _ parameters: CKANParameters, _ snapshot: CatalogSnapshot) throws -> Response {
        let limit = try parameters.int("limit", default: 1_000, range: 0...100_000)
        let offset = try parameters.int("offset", default: 0, range: 0...Int.max)
        let agencies = snapshot.agencies.dropFirst(offset).prefix(limit)
        if try parameters.bool("all_fields", default: false) {
            let counts = snapshot.datasetCounts()
            return ok(action, JSONValue.array(agencies.map { .object(organizationBody($0, count: counts[$0.code] ?? 0)) }))
        }
        return try ok(action, agencies.map(\.code))
    }

    func organizationBody(_ agency: Agency, count: Int) -> [String: JSONValue] {
        let extras = [("homepage", agency.homepage), ("email", agency.email)].compactMap { key, value in
            value.map { JSONValue.object(["key": .string(key), "value": .string($0)]) }
        }
        return [
            "id": .string(agency.code), "name": .string(agency.code), "title": .string(agency.name),
            "display_name": .string(agency.name), "description": .string(agency.description),
            "type": .string("organization"), "is_organization": .bool(true), "state": .string("active"),
            "approval_status": .string("approved"), "image_url": .string(""), "image_display_url": .string(""),
            "package_count": .int(count), "created": .string(CKANTime.string(agency.registered ?? Date(timeIntervalSince1970: 0))),
            "extras": .array(extras),
        ]
    }

    private func displayName(_ value: String, _ facet: Facet, _ snapshot: CatalogSnapshot) -> String {
        switch facet {
        case .publisher: return snapshot.agency(value)?.name ?? value
        case .theme: return Theme(rawValue: value)?.label ?? value
        case .license: return License.named(value)?.title ?? value
        case .accessRights: return AccessRights(rawValue: value)?.label ?? value
        case .keyword, .format: return value
        }
    }

    func ok(_ action: String, _ result: some Encodable) throws -> Response {
        raw(action, ByteBuffer(data: try APIJSON.encoder.encode(result)))
    }

    func ok(_ action: String, _ result: JSONValue) -> Response {
        raw(action, JSONWriter.bytes(result))
    }

    func raw(_ action: String, _ result: ByteBuffer) -> Response {
        let prefix = #"{"help":"\#(Self.helpURL(action))","success":true,"result":"#
        return JSONResponse.bytes(JSONResponse.joined(prefix: prefix, parts: [result], suffix: "}"))
    }
}
