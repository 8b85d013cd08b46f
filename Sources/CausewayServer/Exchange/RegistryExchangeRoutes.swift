import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `/exchange/{owner}/registries/{r}/records/{id}` and `…/changes[/stream]`: a restricted or
/// personal registry read by another agency's system, under an agreement on the registry's
/// catalogue dataset. Admitted by ``ExchangeGate`` like every gateway call, reduced to the
/// agreed fields (the feed's events too) and logged before the answer leaves. A stream is
/// logged when it opens and re-checked against the policy every quarter second, so that a
/// suspended agreement cuts it off within a second.
struct RegistryExchangeRoutes {
    let gate: ExchangeGate
    let directory: RegistryDirectory
    let repository: RegistryRepository
    let feed: RegistryFeed
    let responder: ExchangeResponder

    static let recheck: Duration = .milliseconds(250)

    func register(on router: Router<CausewayContext>) {
        router.get("exchange/:provider/registries/:registry/records/:id", use: record)
        router.get("exchange/:provider/registries/:registry/changes", use: changes)
        router.get("exchange/:provider/registries/:registry/changes/stream", use: stream)
    }

    /// The call as the log will see it, and the registry when it is the provider's.
    private func call(_ request: Request, context: CausewayContext, route: String, fixed: Int) async throws -> (ExchangeCall, StoredRegistry?) {
        let provider = try context.parameters.require("provider")
        let code = try context.parameters.require("registry")
        let known = try await directory.registry(code).flatMap { $0.registry.owner == provider ? $0 : nil }
        let call = gate.call(request, provider: provider, collection: "registries", key: code, knownID: known?.registry.code, route: route,
                             fixedSegments: fixed)
        return (call, known)
    }

    /// Admits the call under an agreement on the registry's catalogue dataset and returns the
    /// fields it allows, in the schema's order (also noted on the call for the log).
    private func admit(_ request: Request, call: inout ExchangeCall, registry stored: StoredRegistry) async throws -> [String] {
        let grant = try await gate.admit(request, call: &call, target: .dataset(stored.dataset))
        let fields = stored.registry.schema.fieldNames.filter(grant.fields.contains)
        call.fields = fields
        return fields
    }

    @Sendable func record(_ request: Request, context: CausewayContext) async throws -> Response {
        var (call, known) = try await call(request, context: context, route: "records", fixed: 5)
        do {
            guard let stored = known else { throw Problem.notFound("registry", try context.parameters.require("registry")) }
            let id = try context.parameters.require("id")
            let fields = try await admit(request, call: &call, registry: stored)
            if stored.registry.accessRights == .personal, call.subjectHash == nil {
                // A personal registry's record is a person: the read is theirs to see.
                call.subjectHash = gate.subjects.hash(id)
            }
            let query = QueryParameters(request)
            try query.only(["validAt", "knownAt"])
            let body = try await RegistryRoutes.record(stored.registry, id: id, query: query, repository: repository,
                                                       now: RegistryTime.stored(gate.clock()), fields: fields)
            return try await responder.answer(call, headers: [.contentType: JSONResponse.contentType, .cacheControl: "no-store"], body: body)
        } catch {
            return try await responder.refuse(error, call: call, context: context)
        }
    }

    @Sendable func changes(_ request: Request, context: CausewayContext) async throws -> Response {
        var (call, known) = try await call(request, context: context, route: "changes", fixed: 5)
        do {
            guard let stored = known else { throw Problem.notFound("registry", try context.parameters.require("registry")) }
            let fields = try await admit(request, call: &call, registry: stored)
            let query = QueryParameters(request)
            try query.only(["after", "limit"])
            let limit = try query.int("limit", default: RegistryFeed.defaultLimit, range: 1...RegistryFeed.maxLimit)
            let page = try await feed.page(stored.registry, after: try RegistryFeed.after(request, query: query, default: 0), limit: limit,
                                           fields: fields, path: "/exchange/\(stored.registry.owner)/registries/\(stored.registry.code)/changes")
            return try await responder.answer(call, headers: page.headers, body: page.body)
        } catch {
            return try await responder.refuse(error, call: call, context: context)
        }
    }

    @Sendable func stream(_ request: Request, context: CausewayContext) async throws -> Response {
        var (call, known) = try await call(request, context: context, route: "changes/stream", fixed: 6)
        do {
            guard let stored = known else { throw Problem.notFound("registry", try context.parameters.require("registry")) }
            let fields = try await admit(request, call: &call, registry: stored)
            let query = QueryParameters(request)
            try query.only(["after"])
            let newest = try await repository.span(stored.registry.code)?.last ?? 0
            let (agency, system) = Self.split(call.consumer ?? "")
            let check = PolicyRequest(consumer: agency, system: system, provider: stored.registry.owner, target: .dataset(stored.dataset),
                                      purpose: request.headers[ExchangeHeaders.purpose], method: "GET", at: call.at)
            let policy = gate.policy, clock = gate.clock
            let response = try await feed.stream(stored.registry, after: try RegistryFeed.after(request, query: query, default: newest),
                                                 fields: fields, check: Self.recheck) {
                var now = check
                now.at = clock()
                if case .allow = policy.snapshot.decide(now) { return true }
                return false
            }
            return try await responder.answer(call, headers: response.headers, stream: response.body)
        } catch {
            return try await responder.refuse(error, call: call, context: context)
        }
    }

    static func split(_ consumer: String) -> (String, String) {
        let parts = consumer.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }
}
