import CausewayCore
import Hummingbird

/// `/api/v1/registries/{r}/changes` (pulled) and `…/changes/stream` (Server-Sent Events): a
/// registry's change feed for those who may read it directly. Other agencies follow a
/// restricted or personal registry's feed through the gateway (``RegistryExchangeRoutes``).
struct RegistryFeedRoutes {
    let service: RegistryService
    let feed: RegistryFeed

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("registries/:registry/changes", use: changes)
        group.get("registries/:registry/changes/stream", use: stream)
    }

    @Sendable func changes(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let query = QueryParameters(request)
        try query.only(["after", "limit"])
        let limit = try query.int("limit", default: RegistryFeed.defaultLimit, range: 1...RegistryFeed.maxLimit)
        let page = try await feed.page(stored.registry, after: try RegistryFeed.after(request, query: query, default: 0), limit: limit,
                                       fields: nil, path: "/api/v1/registries/\(stored.registry.code)/changes")
        return Response(status: .ok, headers: page.headers, body: .init(byteBuffer: page.body))
    }

    @Sendable func stream(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let query = QueryParameters(request)
        try query.only(["after"])
        let newest = try await feed.repository.span(stored.registry.code)?.last ?? 0
        let stream = try await feed.stream(stored.registry, after: try RegistryFeed.after(request, query: query, default: newest), fields: nil)
        return Response(status: .ok, headers: stream.headers, body: stream.body)
    }
}
