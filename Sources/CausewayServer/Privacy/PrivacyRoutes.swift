import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// Private statistics for an analyst's system: `POST /exchange/{provider}/datasets/{d}/statistics`
/// (the gateway's form, like every cross-agency call) and `POST /api/v1/privacy/queries` (the
/// same with the dataset named in the body), and `GET /api/v1/privacy/budgets`, what the
/// system has left.
///
/// A query is a gateway call: admitted by ``ExchangeGate`` (token, purpose, an agreement
/// with a privacy budget, quota) and logged by ``ExchangeResponder`` answered or refused,
/// besides the spend's own `privacy.spent` entry.
struct PrivacyRoutes {
    let gate: ExchangeGate
    let catalog: CatalogService
    let service: PrivacyService
    let responder: ExchangeResponder
    let tokens: AccessTokens
    let policy: PolicyService

    static let bodyLimit = 64 * 1024

    func register(on router: Router<CausewayContext>) {
        router.post("exchange/:provider/datasets/:dataset/statistics", use: exchangeQuery)
        router.post("api/v1/privacy/queries", use: apiQuery)
        router.get("api/v1/privacy/budgets", use: budgets)
    }

    @Sendable func exchangeQuery(_ request: Request, context: CausewayContext) async throws -> Response {
        try await query(request, context: context, provider: try context.parameters.require("provider"),
                        dataset: try context.parameters.require("dataset"), body: nil)
    }

    @Sendable func apiQuery(_ request: Request, context: CausewayContext) async throws -> Response {
        var request = request
        // The body names the dataset; an unreadable body is refused (and logged) like any call.
        let body: Result<PrivateQuery, any Error>
        do { body = .success(try await StrictJSON.decode(PrivateQuery.self, from: request, limit: Self.bodyLimit)) } catch { body = .failure(error) }
        request.body = .init(buffer: ByteBuffer())
        let named = (try? body.get())?.dataset ?? ""
        let dataset = catalog.snapshot.dataset(idOrName: named)
        return try await query(request, context: context, provider: dataset?.publisher ?? "", dataset: named, body: body)
    }

    private func query(_ request: Request, context: CausewayContext, provider: String, dataset key: String,
                       body: Result<PrivateQuery, any Error>?) async throws -> Response {
        let known = catalog.snapshot.dataset(idOrName: key).flatMap { $0.publisher == provider ? $0 : nil }
        var call = gate.call(request, provider: provider, collection: "datasets", key: key, knownID: known?.id, route: "statistics")
        do {
            // Who asks comes first: without a valid token nothing else about the call is answered.
            _ = try await tokens.client(of: request, policy: policy.snapshot)
            guard let dataset = known else {
                if case .failure(let error) = body { throw error }
                throw key.isEmpty ? Problem.invalid("Name the dataset to query in \"dataset\".", errors: [.init(pointer: "/dataset", detail: "is required")])
                                  : Problem.notFound("dataset", key)
            }
            let grant = try await gate.admit(request, call: &call, target: .dataset(dataset.id), statistics: true)
            let query: PrivateQuery
            if let body { query = try body.get() } else { query = try await StrictJSON.decode(PrivateQuery.self, from: request, limit: Self.bodyLimit) }
            let answer = try await service.answer(query, dataset: dataset, grant: grant, system: call.consumer ?? "")
            call.fields = [query.column, query.perPerson?.column].compactMap { $0 } + (query.groupBy ?? []) + (query.where ?? []).map(\.field)
            let body = try APIJSON.encoder.encode(answer)
            return try await responder.answer(call, headers: [.contentType: JSONResponse.contentType, .cacheControl: "no-store",
                                                              .causewayDataVersion: String(answer.version)],
                                              body: ByteBuffer(data: body))
        } catch {
            return try await responder.refuse(error, call: call, context: context)
        }
    }

    struct Budgets: Encodable {
        struct Budget: Encodable {
            var status: PrivacyBudgetStatus
            var history: [PrivacyLedger.Spend]
        }

        var system: String
        var results: [Budget]
    }

    /// The calling system's budgets: every agreement granting it private statistics, with
    /// what is left and the answers it spent on.
    @Sendable func budgets(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let snapshot = policy.snapshot
        let client = try await tokens.client(of: request, policy: snapshot)
        let system = "\(client.agency)/\(client.system)"
        var results: [Budgets.Budget] = []
        for status in try await service.statuses(of: snapshot.approvedAgreements.filter { $0.consumer == client.agency }, system: system) {
            let history = try await service.ledger.spends(agreements: [status.agreement]).filter { $0.system == system }
            results.append(.init(status: status, history: history))
        }
        return try JSONResponse.make(Budgets(system: system, results: results))
    }
}
