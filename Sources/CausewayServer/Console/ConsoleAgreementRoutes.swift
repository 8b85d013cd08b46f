import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The console's agreement pages: the inbox, the list (with batch approval), the draft form,
/// the review page and its actions, and the ODRL and summary downloads. Every change goes
/// through ``AgreementService``, the same rules, audit events and policy refresh as the API.
struct ConsoleAgreementRoutes {
    let pages: Pages
    let session: ConsoleSession
    let service: AgreementService
    let agencies: AgencyRepository
    let policy: PolicyService
    let jobs: JobRepository
    let registries: RegistryConsole
    let baseURL: String
    let clock: @Sendable () -> Date

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console", use: inbox)
        group.get("console/agreements", use: list)
        group.post("console/agreements/approve", use: approveMany)
        group.get("console/agreements/new", use: newForm)
        group.post("console/agreements", use: create)
        group.get("console/agreements/:agreement", use: review)
        group.get("console/agreements/:agreement/edit", use: editForm)
        group.post("console/agreements/:agreement/edit", use: edit)
        group.post("console/agreements/:agreement/transition", use: transition)
        group.post("console/agreements/:agreement/renew", use: renew)
        group.get("console/agreements/:agreement/odrl.json", use: odrl)
        group.get("console/agreements/:agreement/summary.md", use: summary)
    }

    var catalog: CatalogService { service.catalog }

    @Sendable func inbox(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let snapshot = catalog.snapshot
        let agencies = Set(signed.user.memberships.map(\.agency))
        let datasets = Array(snapshot.index.datasetsByName.filter { agencies.contains($0.publisher) }.map(\.id))
        var view = InboxPage(chrome: pages.chrome("Inbox", section: .inbox, session: signed, notice: ConsoleSession.notice(request)), user: signed.user,
                             agreements: try await service.visible(to: signed.user), jobs: try await jobs.recent(datasets: datasets, limit: 20),
                             snapshot: snapshot, now: clock())
        view.add(try await registries.work(for: signed.user), snapshot: snapshot, now: clock())
        return pages.page("console_inbox", view, personal: true)
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let parameters = QueryParameters(request)
        let view = AgreementListPage(chrome: pages.chrome("Agreements", section: .agreements, session: signed, notice: ConsoleSession.notice(request)),
                                     agreements: try await service.visible(to: signed.user), user: signed.user, snapshot: catalog.snapshot,
                                     state: parameters.string("state") ?? "", side: parameters.string("side") ?? "",
                                     q: parameters.string("q") ?? "", now: clock())
        return pages.page("console_agreements", view, personal: true)
    }

    /// Approves every ticked agreement, each on its own (one that cannot be approved does not
    /// stop the others), and says what happened to each.
    @Sendable func approveMany(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let ids = form.all("ids")
        var approved = 0
        var refused: [String] = []
        for id in ids.prefix(500) {
            do {
                _ = try await service.transition(id, .approve, reason: nil, by: signed.user)
                approved += 1
            } catch {
                refused.append("\(id) (\(ProblemMapping.problem(for: error)?.detail ?? "refused"))")
            }
        }
        var message = ids.isEmpty ? "Tick the agreements to approve first." : "Approved \(PageText.plural(approved, "agreement"))."
        if !refused.isEmpty { message += " Not approved: " + refused.joined(separator: "; ") + "." }
        return Pages.seeOther(QueryString([("side", "mine"), ("notice", message)]).url("/console/agreements"))
    }

    @Sendable func newForm(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let parameters = QueryParameters(request)
        var values = AgreementFormPage.Values()
        values.template = parameters.string("template") ?? ""
        if let dataset = parameters.string("dataset") { values.target = "dataset:" + (catalog.snapshot.dataset(idOrName: dataset)?.id ?? dataset) }
        if let target = parameters.string("target") { values.target = target }
        values.consumer = parameters.string("consumer") ?? consumers(of: signed.user).first?.code ?? ""
        return try await form(signed: signed, values: values, errors: FormErrors(), heading: "Draft an agreement",
                              action: "/console/agreements", status: .ok)
    }

    @Sendable func editForm(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let stored = try await service.find(try context.parameters.require("agreement"), for: signed.user)
        return try await form(signed: signed, values: .init(stored.agreement), errors: FormErrors(), heading: "Edit \(stored.agreement.title)",
                              action: "/console/agreements/\(stored.agreement.id)/edit", status: .ok)
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        return try await save(signed: signed, form: form, heading: "Draft an agreement", action: "/console/agreements") { draft in
            try await service.draft(draft, by: signed.user)
        }
    }

    @Sendable func edit(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let id = try context.parameters.require("agreement")
        return try await save(signed: signed, form: form, heading: "Edit the agreement", action: "/console/agreements/\(id)/edit") { draft in
            try await service.edit(id, draft, by: signed.user)
        }
    }

    /// Saves the posted draft (and submits it when asked), or shows the form again with each
    /// error next to its field.
    private func save(signed: ConsoleSession.Signed, form: ConsoleForm, heading: String, action: String,
                      _ write: (AgreementDraft) async throws -> Agreement) async throws -> Response {
        let values = AgreementFormPage.Values(form)
        // "Choose" reloads the form for the chosen data and template, without saving.
        if form.value("step") == "choose" {
            return try await self.form(signed: signed, values: values, errors: FormErrors(), heading: heading, action: action, status: .ok)
        }
        let provider = target(values.target)?.provider ?? ""
        let (draft, errors) = values.draft(provider: provider)
        guard let draft else {
            return try await self.form(signed: signed, values: values, errors: errors, heading: heading, action: action, status: .unprocessableContent)
        }
        do {
            var agreement = try await write(draft)
            var notice = "Draft saved."
            if form.value("submit") == "yes" {
                agreement = try await service.transition(agreement.id, .submit, reason: nil, by: signed.user)
                notice = "Submitted for approval. The provider's steward\(agreement.personalData ? " and data protection officer have" : " has") been asked to approve it."
            }
            return Pages.seeOther(QueryString([("notice", notice)]).url("/console/agreements/\(agreement.id)"))
        } catch let error as ValidationError {
            let errors = FormErrors.from(error, fields: AgreementFormPage.pointers, fallback: "title")
            return try await self.form(signed: signed, values: values, errors: errors, heading: heading, action: action, status: .unprocessableContent)
        } catch let problem as Problem where problem.status == 400 || problem.status == 422 || problem.status == 403 {
            var errors = FormErrors()
            errors.add("target", problem.detail ?? problem.title)
            return try await self.form(signed: signed, values: values, errors: errors, heading: heading, action: action, status: .unprocessableContent)
        }
    }

    private func form(signed: ConsoleSession.Signed, values: AgreementFormPage.Values, errors: FormErrors, heading: String, action: String,
                      status: HTTPResponse.Status) async throws -> Response {
        var values = values
        let templates = try await service.templates()
        let targets = self.targets()
        let provider = targets.first { $0.key == values.target }?.provider
        if let template = templates.first(where: { $0.id == values.template }) { values.prefill(from: template, now: clock()) }
        let consumers = consumers(of: signed.user)
        if values.consumer.isEmpty { values.consumer = consumers.first?.code ?? "" }
        let systems = values.consumer.isEmpty ? [] : try await agencies.systems(of: values.consumer)
        let usable = templates.filter { $0.agency == nil || $0.agency == provider }
        let view = AgreementFormPage(chrome: pages.chrome(errors.isEmpty ? heading : "Error: " + heading, section: .agreements, session: signed),
                                     heading: heading, action: action, values: values, templates: usable, targets: targets,
                                     consumers: consumers, systems: systems, errors: errors, canSubmit: true)
        return pages.page("console_agreement_form", view, status: status, personal: true)
    }

    /// The agencies this person may draft for as the consumer.
    private func consumers(of user: User) -> [Agency] {
        let snapshot = catalog.snapshot
        return snapshot.agencies.filter { user.has(.engineer, in: $0.code) || user.has(.steward, in: $0.code) }
    }

    /// Everything an agreement can be about: restricted and personal datasets, and services.
    private func targets() -> [AgreementFormPage.Target] {
        let snapshot = catalog.snapshot
        let datasets = snapshot.index.datasetsByName.filter { $0.accessRights != .public }.sorted { $0.title < $1.title }.map { dataset in
            AgreementFormPage.Target(key: "dataset:" + dataset.id, label: "\(dataset.title) (\(snapshot.agency(dataset.publisher)?.name ?? dataset.publisher))",
                                     provider: dataset.publisher,
                                     fields: dataset.distributions.compactMap(\.schema).first?.fields.map(\.name) ?? [],
                                     summary: "\(dataset.accessRights.label) data published by \(snapshot.agency(dataset.publisher)?.name ?? dataset.publisher): \(PageText.excerpt(dataset.description, limit: 160))")
        }
        let services = policy.snapshot.allServices.sorted { $0.title < $1.title }.map { service in
            AgreementFormPage.Target(key: "service:" + service.code, label: "API: \(service.title) (\(snapshot.agency(service.provider)?.name ?? service.provider))",
                                     provider: service.provider, fields: service.responseFields,
                                     summary: "An API of \(snapshot.agency(service.provider)?.name ?? service.provider): \(PageText.excerpt(service.description, limit: 160))")
        }
        return datasets + services
    }

    private func target(_ key: String) -> AgreementFormPage.Target? {
        targets().first { $0.key == key }
    }

    @Sendable func review(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return try await reviewPage(signed: signed, id: try context.parameters.require("agreement"), notice: ConsoleSession.notice(request),
                                    reasonError: nil, status: .ok)
    }

    private func reviewPage(signed: ConsoleSession.Signed, id: String, notice: String?, reasonError: String?,
                            status: HTTPResponse.Status) async throws -> Response {
        let agreement = try await service.find(id, for: signed.user).agreement
        let previous = await agreement.renewalOf.asyncFlatMap { try? await service.find($0, for: signed.user).agreement }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let odrl = String(decoding: try encoder.encode(ODRLPolicy.render(agreement, baseURL: baseURL)), as: UTF8.self)
        let view = AgreementReviewPage(chrome: pages.chrome(agreement.title, section: .agreements, session: signed, notice: notice),
                                       agreement: agreement, previous: previous, user: signed.user, snapshot: catalog.snapshot,
                                       odrl: odrl, now: clock(), reasonError: reasonError)
        return pages.page("console_agreement", view, status: status, personal: true)
    }

    @Sendable func transition(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let id = try context.parameters.require("agreement")
        guard let action = form.value("action").flatMap(AgreementAction.init(rawValue:)), AgreementAction.transitions.contains(action) else {
            throw Problem.badParameter("action", "must be one of \(AgreementAction.transitions.map(\.rawValue).joined(separator: ", "))")
        }
        let reason = form.value("reason")
        if action.requiresReason, reason == nil {
            return try await reviewPage(signed: signed, id: id, notice: nil,
                                        reasonError: "Write the reason to \(action.rawValue): the other party and the public log will read it.",
                                        status: .unprocessableContent)
        }
        let agreement = try await service.transition(id, action, reason: reason, by: signed.user)
        let state = agreement.state(at: clock())
        return Pages.seeOther(QueryString([("notice", "The agreement is \(action.pastTense); it is now \(state.rawValue).")])
            .url("/console/agreements/\(id)"))
    }

    /// Drafts the renewal and shows it, ready to edit or submit.
    @Sendable func renew(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        let renewal = try await service.renew(try context.parameters.require("agreement"), by: signed.user)
        return Pages.seeOther(QueryString([("notice", "The renewal is drafted: check the terms, then submit it for approval.")])
            .url("/console/agreements/\(renewal.id)"))
    }

    @Sendable func odrl(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let agreement = try await service.find(try context.parameters.require("agreement"), for: signed.user).agreement
        var response = JSONResponse.bytes(JSONWriter.bytes(ODRLPolicy.render(agreement, baseURL: baseURL)), contentType: "application/ld+json")
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentDisposition] = "attachment; filename=\"\(agreement.id).odrl.json\""
        return response
    }

    @Sendable func summary(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let agreement = try await service.find(try context.parameters.require("agreement"), for: signed.user).agreement
        let text = AgreementSummary(agreement, snapshot: catalog.snapshot, now: clock()).markdown
        return Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(agreement.id).md\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
