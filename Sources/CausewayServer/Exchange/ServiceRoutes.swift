import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/api/v1/services`: the upstream APIs providers expose through the gateway. Anyone may
/// read the list (it is catalogue metadata); a provider's engineers and stewards manage theirs.
struct ServiceRoutes {
    let registration: ServiceRegistration
    var services: ServiceRepository { registration.services }
    var policy: PolicyService { registration.policy }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("services", use: list)
        group.post("services", use: create)
        group.get("services/:provider/:service", use: show)
        group.put("services/:provider/:service", use: replace)
        group.delete("services/:provider/:service", use: delete)
    }

    struct ServiceList: Encodable {
        var results: [UpstreamAPI]
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["provider"])
        let provider = query.string("provider")
        return try JSONResponse.make(ServiceList(results: try await services.all().filter { provider == nil || $0.provider == provider }))
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let provider = try context.parameters.require("provider")
        let code = try context.parameters.require("service")
        guard let service = try await services.all().first(where: { $0.provider == provider && $0.code == code }) else {
            throw Problem.notFound("service", "\(provider)/\(code)")
        }
        return try JSONResponse.make(service)
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let service = try await StrictJSON.decode(UpstreamAPI.self, from: request)
        try await registration.register(service, by: try context.requireUser())
        return try JSONResponse.make(service, status: .created, headers: [.location: "/api/v1/services/\(service.provider)/\(service.code)"])
    }

    @Sendable func replace(_ request: Request, context: CausewayContext) async throws -> Response {
        let provider = try context.parameters.require("provider")
        let code = try context.parameters.require("service")
        try ServiceRegistration.authorise(try context.requireUser(), provider)
        let service = try await StrictJSON.decode(UpstreamAPI.self, from: request)
        guard service.provider == provider, service.code == code else {
            throw Problem.invalid("The provider and code in the body must match the URL.",
                                  errors: [.init(pointer: service.provider == provider ? "/code" : "/provider", detail: "must match the URL")])
        }
        try await registration.register(service, by: try context.requireUser(), replace: true)
        return try JSONResponse.make(service)
    }

    @Sendable func delete(_ request: Request, context: CausewayContext) async throws -> Response {
        let provider = try context.parameters.require("provider")
        try ServiceRegistration.authorise(try context.requireUser(), provider)
        try await services.delete(provider: provider, code: try context.parameters.require("service"))
        try await policy.refresh()
        return Response(status: .noContent)
    }
}
