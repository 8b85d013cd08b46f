import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/console/systems`: my agency's client systems, their secrets (issued once, with a copy
/// button; revoked with a click), and the services (upstream APIs) it offers through the
/// gateway. Changes go through ``SystemCredentials``, as the API's do.
struct ConsoleSystemRoutes {
    let pages: Pages
    let session: ConsoleSession
    let credentials: SystemCredentials
    let policy: PolicyService
    let catalog: CatalogService
    let baseURL: String

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/systems", use: list)
        group.post("console/systems", use: create)
        group.post("console/systems/:agency/:system/secrets", use: issue)
        group.post("console/systems/:agency/:system/secrets/:secret/revoke", use: revoke)
    }

    struct View {
        struct Secret {
            var id: String
            var created: String
            var revoked: String?
            var revokeAction: String
        }

        struct System {
            var name: String
            var clientID: String
            var description: String
            var issueAction: String
            var secrets: [Secret]
            var canManage: Bool
        }

        struct Agency {
            var code: String
            var name: String
            var systems: [System]
            var canManage: Bool
            var services: [Service]
        }

        struct Service {
            var title: String
            var endpoint: String
            var paths: String
            var fields: String
            var personal: Bool
        }

        var chrome: PageChrome
        var agencies: [Agency]
        var form: [FormField]
        var formAgencies: [FormField.Option]
        /// The errors at the top of the form, linked to their fields.
        var summary: ErrorSummary
        var canRegister: Bool
    }

    private func view(_ signed: ConsoleSession.Signed, errors: FormErrors = FormErrors(), values: ConsoleForm? = nil,
                      notice: String?) async throws -> View {
        let snapshot = catalog.snapshot
        let codes = signed.user.isOperator ? snapshot.agencies.map(\.code) : Array(Set(signed.user.memberships.map(\.agency))).sorted()
        var agencies: [View.Agency] = []
        for code in codes {
            let manage = (try? credentials.requireAdmin(signed.user, of: code)) != nil
            var systems: [View.System] = []
            for system in try await credentials.agencies.systems(of: code) {
                let secrets = manage ? try await credentials.secrets.list(agency: code, system: system.code) : []
                let base = "/console/systems/\(code)/\(system.code)/secrets"
                systems.append(View.System(
                    name: system.name, clientID: system.qualifiedName, description: system.description, issueAction: base,
                    secrets: secrets.map { View.Secret(id: $0.id, created: PageText.dateTime($0.createdAt), revoked: $0.revokedAt.map(PageText.dateTime),
                                                       revokeAction: "\(base)/\($0.id)/revoke") },
                    canManage: manage))
            }
            let services = policy.snapshot.allServices.filter { $0.provider == code }.map { service in
                View.Service(title: service.title, endpoint: "\(baseURL)/exchange/\(code)/\(service.code)/", paths: service.paths.joined(separator: ", "),
                             fields: service.responseFields.joined(separator: ", "), personal: service.personalData)
            }
            agencies.append(View.Agency(code: code, name: snapshot.agency(code)?.name ?? code, systems: systems, canManage: manage, services: services))
        }
        let manageable = agencies.filter(\.canManage)
        let form = [
            FormField(.input, id: "code", label: "Code", hint: "Part of the client id (agency/code): lowercase letters, digits and hyphens.",
                      value: values?.value("code") ?? "", required: true),
            FormField(.input, id: "name", label: "Name", hint: "What the system is, as your colleagues call it.", value: values?.value("name") ?? "",
                      required: true),
            FormField(.textarea, id: "description", label: "Description (optional)", value: values?.value("description") ?? ""),
        ].map { $0.with(errors) }
        return View(chrome: pages.chrome("Systems and secrets", section: .systems, session: signed, notice: notice), agencies: agencies,
                    form: form, formAgencies: manageable.map { .init(value: $0.code, label: $0.name, selected: $0.code == values?.value("agency")) },
                    summary: ErrorSummary(errors),
                    canRegister: !manageable.isEmpty)
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return pages.page("console_systems", try await view(signed, notice: QueryParameters(request).string("notice")), personal: true)
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let system = ClientSystem(agency: form.value("agency") ?? "", code: form.value("code") ?? "", name: form.value("name") ?? "",
                                  description: form.value("description") ?? "")
        do {
            try await credentials.register(system, by: signed.user)
        } catch let error as ValidationError {
            let errors = FormErrors.from(error, fields: [("/code", "code", "The code"), ("/name", "name", "The name"),
                                                         ("/description", "description", "The description")], fallback: "code")
            return pages.page("console_systems", try await view(signed, errors: errors, values: form, notice: nil), status: .unprocessableContent,
                              personal: true)
        } catch StoreError.conflict {
            var errors = FormErrors()
            errors.add("code", "Your agency already has a system with the code “\(system.code)”.")
            return pages.page("console_systems", try await view(signed, errors: errors, values: form, notice: nil), status: .conflict, personal: true)
        }
        return Pages.seeOther(QueryString([("notice", "\(system.name) is registered as \(system.qualifiedName). Issue it a secret to let it call the gateway.")])
            .url("/console/systems"))
    }

    struct SecretView {
        var chrome: PageChrome
        var clientID: String
        var secret: String
        var tokenCommand: String
    }

    /// The secret, shown this once: the page is never cached, and the node keeps only a hash.
    @Sendable func issue(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        let system = try await credentials.administered(agency: try context.parameters.require("agency"),
                                                        system: try context.parameters.require("system"), by: signed.user)
        let issued = try await credentials.issue(for: system)
        let view = SecretView(chrome: pages.chrome("New secret for \(system.name)", section: .systems, session: signed), clientID: issued.clientID,
                              secret: issued.secret,
                              tokenCommand: "curl -u '\(issued.clientID):\(issued.secret)' -d grant_type=client_credentials \(baseURL)/oauth/token")
        return pages.page("console_secret", view, status: .created, personal: true)
    }

    @Sendable func revoke(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        let system = try await credentials.administered(agency: try context.parameters.require("agency"),
                                                        system: try context.parameters.require("system"), by: signed.user)
        try await credentials.revoke(try context.parameters.require("secret"), of: system)
        return Pages.seeOther(QueryString([("notice", "The secret is revoked: tokens made with it are refused from now on.")]).url("/console/systems"))
    }
}
