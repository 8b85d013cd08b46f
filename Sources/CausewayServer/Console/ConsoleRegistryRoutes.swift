import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The console's registry pages: my registries with their open error reports and my webhook
/// subscriptions, a report's review with accept and reject, and resuming a paused webhook.
/// The rules are ``RegistryService``'s and ``WebhookSubscriptions``', as for the API.
struct ConsoleRegistryRoutes {
    let pages: Pages
    let session: ConsoleSession
    let console: RegistryConsole
    let catalog: CatalogService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/registries", use: overview)
        group.get("console/registries/:registry/reports/:report", use: review)
        group.post("console/registries/:registry/reports/:report", use: resolve)
        group.post("console/subscriptions/:subscription/resume", use: resume)
    }

    var service: RegistryService { console.service }

    @Sendable func overview(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let work = try await console.work(for: signed.user)
        let last = Dictionary(uniqueKeysWithValues: service.directory.all.map { ($0.registry.code, service.directory.lastSequence(of: $0)) })
        let view = RegistryConsolePage(chrome: pages.chrome("My registries", section: .myRegistries, session: signed,
                                                            notice: ConsoleSession.notice(request)),
                                       work: work, snapshot: catalog.snapshot, lastSequences: last, now: service.now)
        return pages.page("console_registries", view, personal: true)
    }

    /// The report, for one of the owner's people.
    private func report(_ context: CausewayContext, _ user: User) async throws -> (ErrorReport, StoredRegistry) {
        let stored = try await service.writable(try context.parameters.require("registry"), by: user)
        let id = try context.parameters.require("report")
        guard let report = try await service.repository.report(id), report.registry == stored.registry.code else {
            throw Problem.notFound("report", id)
        }
        return (report, stored)
    }

    private func page(_ report: ErrorReport, _ stored: StoredRegistry, _ signed: ConsoleSession.Signed, errors: FormErrors = FormErrors(),
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let current = try await service.repository.current(stored.registry.code, record: report.record)
        let view = ReportReviewPage(chrome: pages.chrome(errors.isEmpty ? "Error report on \(report.record)" : "Error report on \(report.record): error",
                                                         section: .myRegistries, session: signed),
                                    report: report, registry: stored.registry, current: current?.document.flatMap { RecordDocument.decode($0, schema: stored.registry.schema) }, snapshot: catalog.snapshot,
                                    errors: errors, now: service.now)
        return pages.page("console_report", view, status: status, personal: true)
    }

    @Sendable func review(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let (report, stored) = try await report(context, signed.user)
        return try await page(report, stored, signed)
    }

    /// Accepts (with the corrected values as typed) or rejects, with the reason; a form with a
    /// mistake comes back with the mistake named beside its field.
    @Sendable func resolve(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let (report, stored) = try await report(context, signed.user)
        let accepted = form.value("outcome") == "accept"
        let resolution = form.value("resolution") ?? ""
        do {
            var correction: [String: CellValue]?
            if accepted {
                var cells: [String: String?] = [:]
                for field in report.proposed.keys {
                    if let value = form.value("correction-\(field)") { cells[field] = value.isEmpty ? nil : value }
                }
                correction = cells.isEmpty ? nil : try stored.registry.typedPatch(cells, under: "/correction")
            }
            _ = try await service.resolve(stored.registry.code, report: report.id, accepted: accepted, resolution: resolution,
                                          correction: correction, validFrom: nil, by: signed.user)
        } catch {
            guard let problem = ProblemMapping.problem(for: error), problem.status == 422 else { throw error }
            return try await page(report, stored, signed, errors: ReportReviewPage.formErrors(problem.errors ?? [], detail: problem.detail ?? "is not valid"),
                                  status: .unprocessableContent)
        }
        let message = "\(accepted ? "Accepted" : "Rejected") the report on \(report.record); the record no longer says it is under investigation unless another report is open."
        return Pages.seeOther(QueryString([("notice", message)]).url("/console/registries"))
    }

    @Sendable func resume(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        let id = try context.parameters.require("subscription")
        guard WebhookSubscription.isWellFormed(id), let subscription = try await console.subscriptions.repository.find(id) else {
            throw Problem.notFound("subscription", id)
        }
        _ = try await console.subscriptions.resume(id, registry: subscription.registry, by: signed.user)
        return Pages.seeOther(QueryString([("notice", "Resumed the webhook to \(subscription.url); it delivers from event \(subscription.position + 1) on.")])
            .url("/console/registries"))
    }
}
