import CausewayCore
import CausewayStore
import Crypto
import Foundation
import Hummingbird

/// `/api/v1/agencies`: the agencies of the deployment and their client systems. Operators
/// create agencies; an agency's admins manage its systems and their secrets.
struct AgencyRoutes {
    let credentials: SystemCredentials
    let catalog: CatalogService
    var agencies: AgencyRepository { credentials.agencies }
    var secrets: ClientSecretRepository { credentials.secrets }
    var clock: @Sendable () -> Date { credentials.clock }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("agencies", use: list)
        group.post("agencies", use: create)
        group.get("agencies/:agency", use: show)
        group.put("agencies/:agency", use: update)
        group.get("agencies/:agency/systems", use: listSystems)
        group.post("agencies/:agency/systems", use: createSystem)
        group.get("agencies/:agency/systems/:system", use: showSystem)
        group.get("agencies/:agency/systems/:system/secrets", use: listSecrets)
        group.post("agencies/:agency/systems/:system/secrets", use: issueSecret)
        group.delete("agencies/:agency/systems/:system/secrets/:secret", use: revokeSecret)
    }

    struct AgencyBody: Codable {
        var code: String
        var name: String
        var description: String?
        var homepage: String?
        var email: String?
        var datasetCount: Int?
    }

    struct AgencyList: Codable {
        var results: [AgencyBody]
    }

    struct SystemBody: Codable {
        var code: String
        var name: String
        var description: String?
        var roles: [SystemRole]?
    }

    struct SystemResponse: Codable {
        var agency: String
        var code: String
        var clientId: String
        var name: String
        var description: String
        var roles: [SystemRole]
    }

    struct SystemList: Codable {
        var results: [SystemResponse]
    }

    struct IssuedSecret: Codable {
        var id: String
        var clientId: String
        var clientSecret: String
        var createdAt: Date
        var note: String
    }

    struct SecretList: Codable {
        var results: [ClientSecretRepository.Record]
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let snapshot = catalog.snapshot
        let counts = snapshot.datasetCounts()
        return try JSONResponse.make(AgencyList(results: snapshot.agencies.map { body($0, count: counts[$0.code] ?? 0) }))
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("agency")
        guard let agency = try await agencies.find(code) else { throw Problem.notFound("agency", code) }
        return try JSONResponse.make(body(agency, count: catalog.snapshot.datasetCounts()[code] ?? 0))
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.isOperator else { throw Problem.forbidden("Only node operators may register agencies.") }
        let input = try await StrictJSON.decode(AgencyBody.self, from: request)
        guard input.datasetCount == nil else {
            throw Problem.invalid("datasetCount is computed.", errors: [.init(pointer: "/datasetCount", detail: "read-only field")])
        }
        let agency = Agency(code: input.code, name: input.name, description: input.description ?? "",
                            homepage: input.homepage, email: input.email)
        try agency.validate()
        try await agencies.create(agency)
        try await catalog.refresh()
        return try JSONResponse.make(body(agency, count: 0), status: .created, headers: [.location: "/api/v1/agencies/\(agency.code)"])
    }

    @Sendable func update(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("agency")
        guard user.isOperator || user.has(.admin, in: code) else {
            throw Problem.forbidden("Only operators and admins of '\(code)' may change it.")
        }
        let input = try await StrictJSON.decode(AgencyBody.self, from: request)
        guard input.code == code else {
            throw Problem.invalid("The code in the body does not match the URL.", errors: [.init(pointer: "/code", detail: "must be '\(code)'")])
        }
        let agency = Agency(code: code, name: input.name, description: input.description ?? "",
                            homepage: input.homepage, email: input.email)
        try agency.validate()
        try await agencies.update(agency)
        try await catalog.refresh()
        return try JSONResponse.make(body(agency, count: catalog.snapshot.datasetCounts()[code] ?? 0))
    }

    @Sendable func listSystems(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("agency")
        guard try await agencies.find(code) != nil else { throw Problem.notFound("agency", code) }
        return try JSONResponse.make(SystemList(results: try await agencies.systems(of: code).map(Self.response)))
    }

    @Sendable func showSystem(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("agency")
        let systemCode = try context.parameters.require("system")
        guard let system = try await agencies.findSystem(agency: code, code: systemCode) else {
            throw Problem.notFound("system", "\(code)/\(systemCode)")
        }
        return try JSONResponse.make(Self.response(system))
    }

    @Sendable func createSystem(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("agency")
        try credentials.requireAdmin(user, of: code)
        let input = try await StrictJSON.decode(SystemBody.self, from: request)
        let system = ClientSystem(agency: code, code: input.code, name: input.name, description: input.description ?? "",
                                  roles: Array(Set(input.roles ?? [])).sorted { $0.rawValue < $1.rawValue })
        try await credentials.register(system, by: user)
        return try JSONResponse.make(Self.response(system), status: .created,
                                     headers: [.location: "/api/v1/agencies/\(code)/systems/\(system.code)"])
    }

    @Sendable func listSecrets(_ request: Request, context: CausewayContext) async throws -> Response {
        let system = try await administeredSystem(context)
        return try JSONResponse.make(SecretList(results: try await secrets.list(agency: system.agency, system: system.code)))
    }

    /// Issues a new client secret, returned once (see ``SystemCredentials/issue(for:)``).
    @Sendable func issueSecret(_ request: Request, context: CausewayContext) async throws -> Response {
        let issued = try await credentials.issue(for: try await administeredSystem(context))
        return try JSONResponse.make(
            IssuedSecret(id: issued.id, clientId: issued.clientID, clientSecret: issued.secret, createdAt: issued.createdAt,
                         note: "Store this secret now: Causeway keeps only its hash and cannot show it again."),
            status: .created)
    }

    /// Revokes a secret (see ``SystemCredentials/revoke(_:of:)``).
    @Sendable func revokeSecret(_ request: Request, context: CausewayContext) async throws -> Response {
        let system = try await administeredSystem(context)
        try await credentials.revoke(try context.parameters.require("secret"), of: system)
        return Response(status: .noContent)
    }

    /// The system named in the path, once the caller is shown to administer its agency.
    private func administeredSystem(_ context: CausewayContext) async throws -> ClientSystem {
        try await credentials.administered(agency: try context.parameters.require("agency"), system: try context.parameters.require("system"),
                                           by: try context.requireUser())
    }

    private func body(_ agency: Agency, count: Int) -> AgencyBody {
        AgencyBody(code: agency.code, name: agency.name, description: agency.description, homepage: agency.homepage,
                   email: agency.email, datasetCount: count)
    }

    static func response(_ system: ClientSystem) -> SystemResponse {
        SystemResponse(agency: system.agency, code: system.code, clientId: system.qualifiedName, name: system.name,
                       description: system.description, roles: system.roles)
    }
}
