import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The contact tracer's console: open a case and read out its upload code, follow the
/// case's upload, and read or export its contact list for a stated purpose. The rules and
/// the log entries are ``TracingService``'s, as for the API.
struct ConsoleTracingRoutes {
    let pages: Pages
    let session: ConsoleSession
    let service: TracingService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/tracing", use: overview)
        group.post("console/tracing", use: openCase)
        group.get("console/tracing/cases/:case", use: showCase)
        group.post("console/tracing/cases/:case/codes", use: issueCode)
        group.get("console/tracing/cases/:case/contacts", use: contacts)
        group.get("console/tracing/cases/:case/contacts.csv", use: export)
    }

    func overviewPage(_ signed: ConsoleSession.Signed, issued: TracingConsolePage.IssuedCode? = nil, reference: String = "", error: String? = nil,
                      notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let agency = try service.tracerAgency(signed.user)
        let view = TracingConsolePage(chrome: pages.chrome(error == nil ? "Contact tracing" : "Contact tracing: error", section: .tracing,
                                                           session: signed, notice: notice),
                                      cases: try await service.repository.cases(agency: agency), issued: issued, reference: reference, error: error)
        return pages.page("console_tracing", view, status: status, personal: true)
    }

    @Sendable func overview(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return try await overviewPage(signed, notice: ConsoleSession.notice(request))
    }

    /// Opens the case (or finds the one with that reference) and shows its code, once.
    @Sendable func openCase(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let reference = form.value("reference") ?? ""
        do {
            let opened = try await service.openCase(reference: reference, agency: nil, by: signed.user)
            let code = try await service.issueCode(caseID: opened.id, by: signed.user)
            return try await overviewPage(signed, issued: TracingConsolePage.issued(code, reference: opened.reference))
        } catch {
            guard let problem = ProblemMapping.problem(for: error), problem.status == 422 else { throw error }
            return try await overviewPage(signed, reference: reference, error: problem.detail, status: .unprocessableContent)
        }
    }

    func casePage(_ signed: ConsoleSession.Signed, _ id: String, purpose: String = "", purposeError: String? = nil,
                  list: TracingService.ContactList? = nil, code: TracingConsolePage.IssuedCode? = nil,
                  status: HTTPResponse.Status = .ok, notice: String? = nil) async throws -> Response {
        let found = try await service.tracingCase(id, for: signed.user)
        let title = list == nil ? "Case \(found.reference)" : "Contacts of case \(found.reference)"
        let view = CaseConsolePage(chrome: pages.chrome(purposeError == nil ? title : title + ": error", section: .tracing, session: signed, notice: notice),
                                   tracingCase: found, codes: try await service.repository.codes(caseID: found.id),
                                   uploads: try await service.repository.uploads(caseID: found.id), now: service.clock(),
                                   purpose: purpose, purposeError: purposeError, list: list, code: code)
        return pages.page("console_case", view, status: status, personal: true)
    }

    @Sendable func showCase(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return try await casePage(signed, try context.parameters.require("case"), notice: ConsoleSession.notice(request))
    }

    @Sendable func issueCode(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        let id = try context.parameters.require("case")
        let found = try await service.tracingCase(id, for: signed.user)
        let code = try await service.issueCode(caseID: id, by: signed.user)
        return try await casePage(signed, id, code: TracingConsolePage.issued(code, reference: found.reference))
    }

    /// The contact list: shown (and logged) only with a purpose; without one, the form says so.
    @Sendable func contacts(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let id = try context.parameters.require("case")
        let purpose = QueryParameters(request).string("purpose") ?? ""
        do {
            let list = try await service.contacts(caseID: id, purpose: purpose, look: .viewed, by: signed.user)
            return try await casePage(signed, id, purpose: purpose, list: list)
        } catch {
            guard let problem = ProblemMapping.problem(for: error), problem.status == 422 else { throw error }
            return try await casePage(signed, id, purpose: purpose, purposeError: "Say why you look (3 to 500 characters); the transparency log records it.",
                                      status: .unprocessableContent)
        }
    }

    @Sendable func export(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let id = try context.parameters.require("case")
        let list = try await service.contacts(caseID: id, purpose: QueryParameters(request).string("purpose") ?? "", look: .exported, by: signed.user)
        return ContactListCSV.response(list)
    }
}
