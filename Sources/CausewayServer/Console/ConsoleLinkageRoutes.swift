import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// Record linkage in the console: start a project under one's linkage agreements (each
/// agreement invites its partner), upload one's encodings with live progress, follow the
/// project, download one's own rows, and close. The rules and the log entries are
/// ``LinkageService``'s, as for the API.
struct ConsoleLinkageRoutes {
    let pages: Pages
    let session: ConsoleSession
    let service: LinkageService
    let policy: PolicyService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/linkage", use: overview)
        group.post("console/linkage", use: create)
        group.get("console/linkage/:project", use: show)
        group.post("console/linkage/:project/encodings", use: upload)
        group.get("console/linkage/:project/schema.json", use: schema)
        group.get("console/linkage/:project/results.json", use: results)
        group.post("console/linkage/:project/close", use: close)
    }

    /// The active linkage agreements `user` may start a project under: provided by an agency
    /// they are a steward or admin of.
    func startable(for user: User) -> [Agreement] {
        let coordinating = Set(user.memberships.filter { [.steward, .admin].contains($0.role) }.map(\.agency))
        let now = service.clock()
        return policy.snapshot.approvedAgreements.filter {
            $0.target.kind == "linkage" && coordinating.contains($0.provider) && $0.state(at: now) == .active
        }
    }

    func overviewPage(_ signed: ConsoleSession.Signed, values: LinkageConsolePage.Values = .init(), errors: [String] = [],
                      status: HTTPResponse.Status = .ok, notice: String? = nil) async throws -> Response {
        let view = LinkageConsolePage(
            chrome: pages.chrome(errors.isEmpty ? "Record linkage" : "Record linkage: error", section: .linkage, session: signed, notice: notice),
            projects: try await service.projects(for: signed.user), startable: startable(for: signed.user), values: values, errors: errors)
        return pages.page("console_linkage", view, status: status, personal: true)
    }

    @Sendable func overview(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return try await overviewPage(signed, notice: ConsoleSession.notice(request))
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request, limit: 256 * 1024)
        let values = LinkageConsolePage.Values(form)
        let chosen = startable(for: signed.user).filter { values.agreements.contains($0.id) }
        var errors: [String] = []
        if chosen.isEmpty { errors.append("Choose at least one agreement: each invites its partner.") }
        let schema: LinkageSchema?
        do {
            schema = try JSONDecoder().decode(LinkageSchema.self, from: Data(values.schema.utf8))
        } catch {
            schema = nil
            errors.append("Paste the linkage schema: clkhash's version 3 JSON, as every party will encode with it.")
        }
        guard let threshold = Double(values.threshold) else {
            return try await overviewPage(signed, values: values, errors: errors + ["The threshold is a number above 0 and at most 1, such as 0.8."],
                                          status: .unprocessableContent)
        }
        guard errors.isEmpty, let schema, let name = chosen.first?.target.identifier else {
            return try await overviewPage(signed, values: values, errors: errors, status: .unprocessableContent)
        }
        let draft = LinkageProjectDraft(name: name, title: values.title.isEmpty ? nil : values.title, schema: schema, threshold: threshold,
                                        agreements: chosen.map(\.id), solver: LinkageProject.Solver(rawValue: values.solver),
                                        grant: LinkageProject.Grant(rawValue: values.grant), balanced: values.balanced)
        do {
            let project = try await service.create(draft, by: signed.user)
            return Pages.seeOther(QueryString([("notice", "Project started. Each party can now upload its encodings.")]).url("/console/linkage/\(project.id)"))
        } catch let error as ValidationError {
            return try await overviewPage(signed, values: values, errors: error.errors.map { "\($0.pointer): \($0.detail)" }, status: .unprocessableContent)
        } catch let problem as Problem where problem.status == 409 {
            return try await overviewPage(signed, values: values, errors: [problem.detail ?? problem.title], status: .conflict)
        }
    }

    func projectPage(_ signed: ConsoleSession.Signed, _ id: String, error: String? = nil, status: HTTPResponse.Status = .ok,
                     notice: String? = nil) async throws -> Response {
        let project = try await service.project(id, for: signed.user)
        let party = try? service.party(of: signed.user, in: project, named: nil)
        let view = LinkageProjectPage(
            chrome: pages.chrome(error == nil ? project.title : project.title + ": error", section: .linkage, session: signed, notice: notice),
            project: project, party: party, user: signed.user, error: error)
        return pages.page("console_linkage_project", view, status: status, personal: true)
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        return try await projectPage(signed, try context.parameters.require("project"), notice: ConsoleSession.notice(request))
    }

    /// The script sends the file as the body (with `X-CSRF-Token`) and follows the answer's
    /// location; the plain form sends `multipart/form-data` and is redirected.
    @Sendable func upload(_ request: Request, context: CausewayContext) async throws -> Response {
        let id = try context.parameters.require("project")
        let signed: ConsoleSession.Signed
        let document: Data
        let limit = LinkageRoutes.uploadLimit + 64 * 1024
        let hint = "that is about 350,000 encodings of 1024 bits."
        if let boundary = MultipartFile.boundary(request.headers[.contentType]) {
            signed = try await session.require(request)
            let body = [UInt8](buffer: try await LimitedBody.collect(request, limit: limit, hint: hint))
            guard let file = try? MultipartFile.locate(head: body, tail: body, tailOffset: 0, boundary: boundary), file.end > file.start else {
                return try await projectPage(signed, id, error: "Choose the file `causeway link encode --with-schema` wrote.", status: .badRequest)
            }
            guard ConsoleSession.same(file.fields["csrf"] ?? "", signed.csrf) else { throw ConsoleSession.csrfProblem }
            document = Data(body[file.start..<file.end])
        } else {
            signed = try await session.requireHeaderToken(request)
            document = Data(buffer: try await LimitedBody.collect(request, limit: limit, hint: hint))
        }
        let script = request.headers[.accept]?.contains("application/json") == true
        do {
            let body: LinkageUploadBody
            do {
                body = try JSONDecoder().decode(LinkageUploadBody.self, from: document)
            } catch {
                throw Problem.malformed("This is not an upload for a linkage project: make it with causeway link encode --with-schema "
                                        + "(clkhash's encodings with the schema they were made with).")
            }
            let stored = try await service.upload(body, to: id, party: nil, by: signed.user)
            let notice = "Uploaded \(stored.uploads.last?.records ?? 0) encodings."
                + (stored.state == .matching ? " Every party has uploaded: the comparison has started." : "")
            let location = QueryString([("notice", notice)]).url("/console/linkage/\(id)")
            return script ? try JSONResponse.make(["location": location], status: .created) : Pages.seeOther(location)
        } catch let problem as Problem where (400..<500).contains(problem.status) && problem.status != 404 && problem.status != 403 {
            if script { throw problem }
            return try await projectPage(signed, id, error: problem.detail ?? problem.title, status: HTTPResponse.Status(code: problem.status))
        }
    }

    @Sendable func results(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let id = try context.parameters.require("project")
        return Self.attachment(try await service.result(of: id, party: nil, for: signed.user), named: "linkage-\(id).json")
    }

    /// A JSON file to save, never cached.
    static func attachment(_ document: Data, named name: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: "application/json", .cacheControl: "no-store", .contentDisposition: "attachment; filename=\"\(name)\"",
        ], body: .init(byteBuffer: ByteBuffer(data: document)))
    }

    /// The schema as a file, to encode with.
    @Sendable func schema(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let project = try await service.project(try context.parameters.require("project"), for: signed.user)
        return Self.attachment(LinkageProjectPage.schemaFile(project), named: "\(project.name)-schema.json")
    }

    @Sendable func close(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        let id = try context.parameters.require("project")
        let closed = try await service.close(id, by: signed.user)
        let deleted = closed.uploads.map(\.records).reduce(0, +)
        return Pages.seeOther(QueryString([("notice", "Closed: \(deleted) encodings deleted.")]).url("/console/linkage/\(id)"))
    }
}
