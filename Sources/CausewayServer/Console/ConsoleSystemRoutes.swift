import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/console/systems`: my agency's client systems, their secrets (issued once, with a copy
/// button; revoked with a click), and the services (upstream APIs) it offers through the
/// gateway, with a form to offer one. Changes go through ``SystemCredentials`` and
/// ``ServiceRegistration``, as the API's do.
struct ConsoleSystemRoutes {
    let pages: Pages
    let session: ConsoleSession
    let credentials: SystemCredentials
    let services: ServiceRegistration
    let catalog: CatalogService
    let baseURL: String

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/systems", use: list)
        group.post("console/systems", use: create)
        group.post("console/systems/:agency/:system/secrets", use: issue)
        group.post("console/systems/:agency/:system/secrets/:secret/revoke", use: revoke)
        group.post("console/services", use: offer)
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
        /// The form to offer a service, for the agencies whose services this person manages.
        var serviceForm: [FormField]
        var serviceAgencies: [FormField.Option]
        var serviceSummary: ErrorSummary
        var canOffer: Bool
    }

    private func view(_ signed: ConsoleSession.Signed, errors: FormErrors = FormErrors(), values: ConsoleForm? = nil,
                      serviceErrors: FormErrors = FormErrors(), serviceValues: ConsoleForm? = nil, notice: String?) async throws -> View {
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
            let services = self.services.policy.snapshot.allServices.filter { $0.provider == code }.map { service in
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
        let offering = catalog.snapshot.agencies.filter { (try? ServiceRegistration.authorise(signed.user, $0.code)) != nil }
        let chosenMethods = serviceValues?.all("methods") ?? ["GET"]
        let serviceForm = [
            FormField(.input, id: "serviceCode", name: "code", label: "Code",
                      hint: "Part of the gateway address: /exchange/agency/code/… Lowercase letters, digits and hyphens.",
                      value: serviceValues?.value("code") ?? "", required: true),
            FormField(.input, id: "serviceTitle", name: "title", label: "Title", value: serviceValues?.value("title") ?? "", required: true),
            FormField(.textarea, id: "serviceDescription", name: "description", label: "Description (optional)",
                      value: serviceValues?.value("description") ?? ""),
            FormField(.input, id: "baseURL", label: "Base URL", hint: "Where the gateway forwards calls, such as https://api.agency.example/v1.",
                      value: serviceValues?.value("baseURL") ?? "", inputType: "url", required: true),
            FormField(.textarea, id: "paths", label: "Paths",
                      hint: "One per line, below the base URL: /persons/* matches one segment, /reports/** any number.",
                      value: serviceValues?.values["paths"]?.last ?? ""),
            FormField(.input, id: "responseFields", label: "Fields of its JSON answers",
                      hint: "Separated by commas. Agreements choose among these, and the gateway passes on only the agreed ones.",
                      value: serviceValues?.value("responseFields") ?? "", required: true),
            FormField(.checkboxes, id: "methods", label: "Methods",
                      options: AgreementTerms.allowedMethods.map { .init(value: $0, label: $0, selected: chosenMethods.contains($0)) }),
            FormField(.checkbox, id: "personalData", label: "Its answers hold personal data",
                      hint: "Agreements for it then need a data protection officer's approval too.",
                      checked: serviceValues?.value("personalData") == "yes"),
        ].map { $0.with(serviceErrors) }
        return View(chrome: pages.chrome("Systems and secrets", section: .systems, session: signed, notice: notice), agencies: agencies,
                    form: form, formAgencies: manageable.map { .init(value: $0.code, label: $0.name, selected: $0.code == values?.value("agency")) },
                    summary: ErrorSummary(errors),
                    canRegister: !manageable.isEmpty, serviceForm: serviceForm,
                    serviceAgencies: offering.map { .init(value: $0.code, label: $0.name, selected: $0.code == serviceValues?.value("provider")) },
                    serviceSummary: ErrorSummary(serviceErrors, id: "service-errors"), canOffer: !offering.isEmpty)
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return pages.page("console_systems", try await view(signed, notice: ConsoleSession.notice(request)), personal: true)
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

    /// Offers an upstream API through the gateway.
    @Sendable func offer(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let service = UpstreamAPI(
            provider: form.value("provider") ?? "", code: form.value("code") ?? "", title: form.value("title") ?? "",
            description: form.value("description") ?? "", baseURL: form.value("baseURL") ?? "", methods: form.all("methods"),
            paths: (form.values["paths"]?.last ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty },
            responseFields: (form.value("responseFields") ?? "").split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty },
            personalData: form.value("personalData") == "yes")
        do {
            try await services.register(service, by: signed.user)
        } catch let error as ValidationError {
            let errors = FormErrors.from(error, fields: [
                ("/code", "serviceCode", "The code"), ("/title", "serviceTitle", "The title"), ("/description", "serviceDescription", "The description"),
                ("/baseURL", "baseURL", "The base URL"), ("/paths", "paths", "The paths"), ("/responseFields", "responseFields", "The fields"),
                ("/methods", "methods", "The methods"),
            ], fallback: "serviceCode")
            return pages.page("console_systems", try await view(signed, serviceErrors: errors, serviceValues: form, notice: nil),
                              status: .unprocessableContent, personal: true)
        } catch StoreError.conflict {
            var errors = FormErrors()
            errors.add("serviceCode", "This agency already offers a service with the code “\(service.code)”.")
            return pages.page("console_systems", try await view(signed, serviceErrors: errors, serviceValues: form, notice: nil),
                              status: .conflict, personal: true)
        }
        return Pages.seeOther(QueryString([("notice", "\(service.title) is offered at /exchange/\(service.provider)/\(service.code)/. Agreements can name it now.")])
            .url("/console/systems"))
    }
}
