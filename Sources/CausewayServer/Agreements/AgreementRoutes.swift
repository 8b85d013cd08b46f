import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/agreements` and `/api/v1/agreement-templates`: drafting, the transitions, batch
/// work, reporting and the exports. Routes decode, call ``AgreementService`` and encode.
struct AgreementRoutes {
    let service: AgreementService
    let baseURL: String

    /// The most items one batch request may carry.
    static let maxBatch = 1_000

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("agreement-templates", use: listTemplates)
        group.post("agreement-templates", use: createTemplate)
        group.get("agreement-templates/:template", use: showTemplate)
        group.get("agreements", use: list)
        group.post("agreements", use: draft)
        group.get("agreements/stats", use: stats)
        group.post("agreements/batch", use: draftMany)
        group.post("agreements/batch/:transition", use: transitionMany)
        group.get("agreements/:id", use: show)
        group.put("agreements/:id", use: edit)
        // One route per transition, so that the router (and the OpenAPI document) name each.
        for action in AgreementAction.transitions + [.renew] {
            group.post("agreements/:id/\(action.rawValue)") { request, context in
                try await transition(action, request: request, context: context)
            }
        }
        group.get("agreements/:id/odrl", use: odrl)
        group.get("agreements/:id/summary", use: summary)
    }

    // MARK: Templates

    struct TemplateList: Encodable {
        var results: [AgreementTemplate]
    }

    @Sendable func listTemplates(_ request: Request, context: CausewayContext) async throws -> Response {
        try JSONResponse.make(TemplateList(results: try await service.templates()))
    }

    @Sendable func showTemplate(_ request: Request, context: CausewayContext) async throws -> Response {
        let id = try context.parameters.require("template")
        guard let template = try await service.template(id) else { throw Problem.notFound("agreement-template", id) }
        return try JSONResponse.make(template)
    }

    @Sendable func createTemplate(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let template = try await StrictJSON.decode(AgreementTemplate.self, from: request)
        try await service.createTemplate(template, by: user)
        return try JSONResponse.make(template, status: .created, headers: [.location: "/api/v1/agreement-templates/\(template.id)"])
    }

    // MARK: Agreements

    struct AgreementList: Encodable {
        var results: [AgreementBody]
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let query = QueryParameters(request)
        try query.only(["agency", "state"])
        let state = try query.string("state").map { text in
            guard let state = AgreementState(rawValue: text) else {
                throw Problem.badParameter("state", "must be one of \(AgreementState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
        let now = service.clock()
        let agreements = try await service.visible(to: user, agency: query.string("agency"))
            .filter { state == nil || $0.state(at: now) == state }
        return try JSONResponse.make(AgreementList(results: agreements.map { AgreementBody($0, at: now) }))
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let stored = try await service.find(try context.parameters.require("id"), for: user)
        return try JSONResponse.make(AgreementBody(stored.agreement, at: service.clock()))
    }

    @Sendable func draft(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let input = try await StrictJSON.decode(AgreementDraft.self, from: request)
        let agreement = try await service.draft(input, by: user)
        return try JSONResponse.make(AgreementBody(agreement, at: service.clock()), status: .created,
                                     headers: [.location: "/api/v1/agreements/\(agreement.id)"])
    }

    @Sendable func edit(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let input = try await StrictJSON.decode(AgreementDraft.self, from: request)
        let agreement = try await service.edit(try context.parameters.require("id"), input, by: user)
        return try JSONResponse.make(AgreementBody(agreement, at: service.clock()))
    }

    struct TransitionBody: Codable {
        var reason: String?
    }

    @Sendable func transition(_ action: AgreementAction, request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let reason = try await Self.reason(request)
        if action == .renew {
            let renewed = try await service.renew(id, by: user)
            return try JSONResponse.make(AgreementBody(renewed, at: service.clock()), status: .created,
                                         headers: [.location: "/api/v1/agreements/\(renewed.id)"])
        }
        let agreement = try await service.transition(id, action, reason: reason, by: user)
        return try JSONResponse.make(AgreementBody(agreement, at: service.clock()))
    }

    static func action(_ name: String) throws -> AgreementAction {
        guard let action = AgreementAction(rawValue: name), action != .edit else {
            throw Problem(.notFound, code: "route.not-found", title: "No such transition",
                          detail: "Transitions are \((AgreementAction.transitions + [.renew]).map(\.rawValue).joined(separator: ", ")).")
        }
        return action
    }

    /// The optional `{"reason": …}` body; an empty body means no reason.
    static func reason(_ request: Request) async throws -> String? {
        let buffer = try await request.body.collect(upTo: StrictJSON.defaultLimit)
        guard buffer.readableBytes > 0 else { return nil }
        return try StrictJSON.decode(TransitionBody.self, from: Data(buffer: buffer)).reason
    }

    // MARK: Batch

    struct BatchDraftBody: Codable {
        struct Consumer: Codable {
            var consumer: String
            var systems: [String]
        }
        /// Every field of a draft except `consumer` and `systems`.
        var draft: JSONValue
        var consumers: [Consumer]
    }

    struct BatchTransitionBody: Codable {
        var agreements: [String]
        var reason: String?
    }

    struct BatchItem: Encodable {
        var key: String
        var status: Int
        var agreement: AgreementBody?
        var problem: Problem?
    }

    struct BatchResult: Encodable {
        var succeeded: Int
        var failed: Int
        var results: [BatchItem]
    }

    /// Drafts the same agreement for many consumers; each succeeds or fails on its own.
    @Sendable func draftMany(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await StrictJSON.decode(BatchDraftBody.self, from: request, limit: 8 << 20)
        guard case .object(let base) = body.draft else {
            throw Problem.invalid("/draft must be an object", errors: [.init(pointer: "/draft", detail: "must be an object")])
        }
        guard !base.keys.contains("consumer"), !base.keys.contains("systems") else {
            throw Problem.invalid("/draft names consumers per item", errors: [.init(pointer: "/draft", detail: "must not contain consumer or systems")])
        }
        try Self.checkBatchSize(body.consumers.count, "/consumers")
        var items: [BatchItem] = []
        for entry in body.consumers {
            var fields = base
            fields["consumer"] = .string(entry.consumer)
            fields["systems"] = .array(entry.systems.map(JSONValue.string))
            items.append(await Self.item(entry.consumer, status: 201, at: service.clock) {
                let input = try StrictJSON.decode(AgreementDraft.self, from: Data(JSONWriter.text(.object(fields)).utf8))
                return try await service.draft(input, by: user)
            })
        }
        return try JSONResponse.make(Self.result(items))
    }

    /// Applies one transition to many agreements; each succeeds or fails on its own.
    @Sendable func transitionMany(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let action = try Self.action(try context.parameters.require("transition"))
        guard action != .renew else { throw Problem.invalid("Renew agreements one at a time.") }
        let body = try await StrictJSON.decode(BatchTransitionBody.self, from: request, limit: 8 << 20)
        try Self.checkBatchSize(body.agreements.count, "/agreements")
        var items: [BatchItem] = []
        for id in body.agreements {
            items.append(await Self.item(id, status: 200, at: service.clock) {
                try await service.transition(id, action, reason: body.reason, by: user)
            })
        }
        return try JSONResponse.make(Self.result(items))
    }

    static func checkBatchSize(_ count: Int, _ pointer: String) throws {
        guard count >= 1, count <= maxBatch else {
            throw Problem.invalid("\(pointer) must have 1 to \(maxBatch) items.", errors: [.init(pointer: pointer, detail: "1 to \(maxBatch) items")])
        }
    }

    static func item(_ key: String, status: Int, at clock: @Sendable () -> Date,
                     _ work: () async throws -> Agreement) async -> BatchItem {
        do {
            return BatchItem(key: key, status: status, agreement: AgreementBody(try await work(), at: clock()))
        } catch {
            let problem = ProblemMapping.problem(for: error) ?? ProblemMapping.internalError
            return BatchItem(key: key, status: problem.status, problem: problem)
        }
    }

    static func result(_ items: [BatchItem]) -> BatchResult {
        let succeeded = items.filter { $0.problem == nil }.count
        return BatchResult(succeeded: succeeded, failed: items.count - succeeded, results: items)
    }

    // MARK: Reporting and exports

    @Sendable func stats(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        return try JSONResponse.make(AgreementStats(try await service.agreements.all(), at: service.clock()))
    }

    @Sendable func odrl(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let stored = try await service.find(try context.parameters.require("id"), for: user)
        return JSONResponse.bytes(JSONWriter.bytes(ODRLPolicy.render(stored.agreement, baseURL: baseURL)), contentType: "application/ld+json")
    }

    @Sendable func summary(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let query = QueryParameters(request)
        try query.only(["format"])
        let format = query.string("format") ?? (request.headers[.accept]?.contains("text/html") == true ? "html" : "markdown")
        guard format == "html" || format == "markdown" else { throw Problem.badParameter("format", "must be markdown or html") }
        let agreement = try await service.find(try context.parameters.require("id"), for: user).agreement
        let summary = AgreementSummary(agreement, snapshot: service.catalog.snapshot, now: service.clock())
        let (text, type) = format == "html" ? (summary.html, "text/html; charset=utf-8") : (summary.markdown, "text/markdown; charset=utf-8")
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
