import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/api/v1/datasets`: catalogue search, read, and edits by the publishing agency's people.
struct DatasetRoutes {
    let editor: DatasetEditor
    var catalog: CatalogService { editor.catalog }
    var datasets: DatasetRepository { editor.datasets }
    var clock: @Sendable () -> Date { editor.clock }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("datasets", use: search)
        group.post("datasets", use: create)
        group.get("datasets/:dataset", use: show)
        group.put("datasets/:dataset", use: replace)
        group.delete("datasets/:dataset", use: delete)
        group.get("datasets/:dataset/distributions", use: listDistributions)
        group.post("datasets/:dataset/distributions", use: addDistribution)
        group.get("datasets/:dataset/distributions/:distribution", use: showDistribution)
        group.put("datasets/:dataset/distributions/:distribution", use: replaceDistribution)
        group.delete("datasets/:dataset/distributions/:distribution", use: deleteDistribution)
    }

    @Sendable func search(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = try DatasetQueryParser.parse(QueryParameters(request))
        let snapshot = catalog.snapshot
        let result = snapshot.index.search(query)
        var facets: [String: JSONValue] = [:]
        for (facet, counts) in result.facets {
            facets[facet.rawValue] = .array(counts.map { .object(["value": .string($0.value), "count": .int($0.count)]) })
        }
        let prefix = #"{"total":\#(result.total),"offset":\#(query.offset),"limit":\#(query.limit),"facets":\#(JSONWriter.text(.object(facets))),"results":["#
        return JSONResponse.bytes(JSONResponse.joined(prefix: prefix, parts: result.positions.map { snapshot.apiJSON[$0] }, suffix: "]}"))
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let key = try context.parameters.require("dataset")
        let snapshot = catalog.snapshot
        guard let position = snapshot.index.position(ofIDOrName: key) else { throw Problem.notFound("dataset", key) }
        return JSONResponse.bytes(snapshot.apiJSON[position])
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let draft = try await StrictJSON.decode(DatasetDraft.self, from: request)
        let dataset = try await editor.create(draft, by: user)
        return try JSONResponse.make(dataset, status: .created, headers: [.location: "/api/v1/datasets/\(dataset.id)"])
    }

    @Sendable func replace(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let existing = try await load(context)
        let draft = try await StrictJSON.decode(DatasetDraft.self, from: request)
        return try JSONResponse.make(try await editor.replace(existing, with: draft, by: user))
    }

    @Sendable func delete(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        try await editor.delete(try await load(context), by: user)
        return Response(status: .noContent)
    }

    @Sendable func listDistributions(_ request: Request, context: CausewayContext) async throws -> Response {
        let key = try context.parameters.require("dataset")
        guard let dataset = catalog.snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        return try JSONResponse.make(DistributionList(results: dataset.distributions))
    }

    @Sendable func showDistribution(_ request: Request, context: CausewayContext) async throws -> Response {
        let key = try context.parameters.require("dataset")
        let id = try context.parameters.require("distribution")
        guard let dataset = catalog.snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        guard let distribution = dataset.distribution(id: id) else { throw Problem.notFound("distribution", id) }
        return try JSONResponse.make(distribution)
    }

    @Sendable func addDistribution(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let existing = try await load(context)
        try await authorize(user, publisher: existing.publisher)
        var draftDistribution = try await StrictJSON.decode(DistributionDraft.self, from: request)
        let id = draftDistribution.id ?? Self.newID()
        if existing.distribution(id: id) != nil { throw Problem.conflict("distribution", id) }
        draftDistribution.id = id
        var draft = DatasetDraft(existing)
        draft.distributions = (draft.distributions ?? []) + [draftDistribution]
        let dataset = try revalidate(draft, existing: existing, index: draft.distributions?.count ?? 1)
        try await datasets.replace(dataset)
        try await catalog.refresh()
        guard let created = dataset.distribution(id: id) else { throw Problem.notFound("distribution", id) }
        return try JSONResponse.make(created, status: .created,
                                     headers: [.location: "/api/v1/datasets/\(dataset.id)/distributions/\(id)"])
    }

    @Sendable func replaceDistribution(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let existing = try await load(context)
        let id = try context.parameters.require("distribution")
        try await authorize(user, publisher: existing.publisher)
        guard let position = existing.distributions.firstIndex(where: { $0.id == id }) else {
            throw Problem.notFound("distribution", id)
        }
        var replacement = try await StrictJSON.decode(DistributionDraft.self, from: request)
        if let sentID = replacement.id, sentID != id {
            throw Problem.invalid("The id in the body does not match the URL.", errors: [.init(pointer: "/id", detail: "must be '\(id)'")])
        }
        replacement.id = id
        var draft = DatasetDraft(existing)
        draft.distributions?[position] = replacement
        let dataset = try revalidate(draft, existing: existing, index: position + 1)
        try await datasets.replace(dataset)
        try await catalog.refresh()
        return try JSONResponse.make(dataset.distributions[position])
    }

    @Sendable func deleteDistribution(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let existing = try await load(context)
        let id = try context.parameters.require("distribution")
        try await authorize(user, publisher: existing.publisher)
        guard existing.distribution(id: id) != nil else { throw Problem.notFound("distribution", id) }
        var draft = DatasetDraft(existing)
        draft.distributions?.removeAll { $0.id == id }
        try await datasets.replace(try draft.validated(id: existing.id, issued: existing.issued, now: clock(), newID: Self.newID))
        try await catalog.refresh()
        return Response(status: .noContent)
    }

    // MARK: Helpers

    static func newID() -> String { DatasetEditor.newID() }

    /// Validates a dataset rebuilt around one changed distribution, reporting errors against the
    /// distribution document the client sent rather than the whole dataset.
    private func revalidate(_ draft: DatasetDraft, existing: Dataset, index: Int) throws -> Dataset {
        do {
            return try draft.validated(id: existing.id, issued: existing.issued, now: clock(), newID: Self.newID)
        } catch {
            let prefix = "/distributions/\(index - 1)"
            throw ValidationError(error.errors.map { error in
                error.pointer.hasPrefix(prefix) ? FieldError(String(error.pointer.dropFirst(prefix.count)), error.detail) : error
            })
        }
    }

    private func load(_ context: CausewayContext) async throws -> Dataset {
        let key = try context.parameters.require("dataset")
        guard let dataset = try await datasets.find(idOrName: key) else { throw Problem.notFound("dataset", key) }
        return dataset
    }

    private func authorize(_ user: User, publisher: String) async throws {
        try editor.authorize(user, publisher: publisher)
    }
}

struct DistributionList: Codable {
    var results: [Distribution]
}
