import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/registries`: registries, their records on both time axes, and error reports.
/// Routes decode, call ``RegistryService`` and encode; the feed is ``RegistryFeedRoutes``'.
struct RegistryRoutes {
    let service: RegistryService

    /// Records per page of a listing at most.
    static let maxPage = 1_000

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("registries", use: list)
        group.post("registries", use: create)
        group.get("registries/:registry", use: show)
        group.get("registries/:registry/records", use: records)
        group.post("registries/:registry/records", use: load)
        group.get("registries/:registry/records/:id", use: read)
        group.put("registries/:registry/records/:id") { request, context in
            try await write(request, context: context, patch: false)
        }
        group.patch("registries/:registry/records/:id") { request, context in
            try await write(request, context: context, patch: true)
        }
        group.delete("registries/:registry/records/:id", use: retire)
        group.get("registries/:registry/records/:id/history", use: history)
        group.get("registries/:registry/records/:id/reports", use: recordReports)
        group.post("registries/:registry/records/:id/reports", use: openReport)
        group.get("registries/:registry/reports", use: reports)
        group.get("registries/:registry/reports/:report", use: showReport)
        group.post("registries/:registry/reports/:report/accept") { request, context in
            try await resolve(request, context: context, accepted: true)
        }
        group.post("registries/:registry/reports/:report/reject") { request, context in
            try await resolve(request, context: context, accepted: false)
        }
    }

    var repository: RegistryRepository { service.repository }

    // MARK: Registries

    struct RegistryList: Encodable {
        var results: [RegistryBody]
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let results = service.directory.all.map { RegistryBody($0, last: service.directory.hub($0.registry.code)?.last, baseURL: service.baseURL) }
        return try JSONResponse.make(RegistryList(results: results))
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let draft = try await StrictJSON.decode(RegistryDraft.self, from: request)
        let stored = try await service.create(draft, by: user)
        return try JSONResponse.make(RegistryBody(stored, last: 0, records: 0, baseURL: service.baseURL), status: .created,
                                     headers: [.location: "/api/v1/registries/\(stored.registry.code)"])
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        var stored = try await service.find(try context.parameters.require("registry"))
        let count = try await repository.count(stored.registry.code)
        // The feed's span as it is now, not as this node last saw it.
        if let span = try await repository.span(stored.registry.code) {
            (stored.firstSequence, stored.lastSequence) = span
        }
        return try JSONResponse.make(RegistryBody(stored, last: service.directory.hub(stored.registry.code)?.last, records: count,
                                                  baseURL: service.baseURL))
    }

    // MARK: Records

    /// The records as they are now, by identifier, a page at a time (`after` = the last
    /// identifier of the previous page). The answer names the feed position it is at least as
    /// new as, so a reader can copy the registry and then follow the feed from there.
    @Sendable func records(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let query = QueryParameters(request)
        try query.only(["after", "limit"])
        let limit = try query.int("limit", default: 100, range: 1...Self.maxPage)
        let sequence = try await repository.span(stored.registry.code)?.last ?? 0
        let page = try await repository.records(stored.registry.code, after: query.string("after"), limit: limit)
        let parts = page.map { RecordRendering.current($0.current, registry: stored.registry, id: $0.id) }
        var headers: HTTPFields = [.causewayLastSequence: String(sequence)]
        let base = "\(service.baseURL)/api/v1/registries/\(stored.registry.code)/records"
        let next = page.count == limit ? page.last.map { "\(base)?after=\(QueryString.escape($0.id))&limit=\(limit)" } : nil
        if let next { headers[.link] = "<\(next)>; rel=\"next\"" }
        let body = JSONResponse.joined(prefix: #"{"registry":\#(JSONWriter.text(.string(stored.registry.code))),"sequence":\#(sequence),"results":["#,
                                       parts: parts, suffix: #"],"next":\#(next.map { JSONWriter.text(.string($0)) } ?? "null")}"#)
        return JSONResponse.bytes(body, headers: headers)
    }

    @Sendable func load(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("registry")
        let stored = try await service.writable(code, by: user)
        let input = try await StrictJSON.decode(RegistryInput.RecordLoad.self, from: request, limit: 64 << 20)
        guard !input.records.isEmpty, input.records.count <= RegistryService.maxLoad else {
            throw Problem.invalid("A bulk load holds 1 to \(RegistryService.maxLoad.formatted()) records.",
                                  errors: [.init(pointer: "/records", detail: "must hold 1 to \(RegistryService.maxLoad) records")])
        }
        var typed: [[String: CellValue]] = []
        var seen = Set<String>()
        for (index, object) in input.records.enumerated() {
            do {
                let values = try stored.registry.typedRecord(try RegistryInput.cells(object, under: "/records/\(index)"))
                let id = stored.registry.identifier(of: values) ?? ""
                guard seen.insert(id).inserted else {
                    throw ValidationError([FieldError("/record/\(stored.registry.identifierField)", "'\(id)' appears twice in the load")])
                }
                typed.append(values)
            } catch let error as ValidationError {
                throw ValidationError(error.errors.map { FieldError($0.pointer.replacingOccurrences(of: "/record", with: "/records/\(index)"), $0.detail) })
            }
        }
        let range = try await service.load(code, records: typed, validFrom: try RegistryInput.time(input.validFrom, pointer: "/validFrom"),
                                           reason: input.reason ?? "", by: user)
        let body = #"{"registry":\#(JSONWriter.text(.string(code))),"loaded":\#(typed.count),"firstSequence":\#(range?.lowerBound ?? 0),"lastSequence":\#(range?.upperBound ?? 0)}"#
        return JSONResponse.bytes(ByteBuffer(string: body), status: .created)
    }

    /// A record now, or as it was (`validAt`) and as it was known (`knownAt`).
    @Sendable func read(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let id = try context.parameters.require("id")
        let query = QueryParameters(request)
        try query.only(["validAt", "knownAt"])
        let body = try await Self.record(stored.registry, id: id, query: query, repository: repository, now: service.now, fields: nil)
        return JSONResponse.bytes(body, headers: [.cacheControl: "no-cache"])
    }

    /// The answer to a record read, open or through the gateway (`fields` reduces it).
    static func record(_ registry: Registry, id: String, query: QueryParameters, repository: RegistryRepository, now: Date,
                       fields: [String]?) async throws -> ByteBuffer {
        let validAt = try RegistryTime.parameter("validAt", in: query)
        let knownAt = try RegistryTime.parameter("knownAt", in: query)
        guard let current = try await repository.current(registry.code, record: id) else { throw Problem.notFound("record", id) }
        guard validAt != nil || knownAt != nil else {
            return RecordRendering.current(current, registry: registry, id: id, fields: fields)
        }
        let valid = validAt ?? now, known = knownAt ?? now
        guard let version = try await repository.version(registry, record: id, validAt: valid, knownAt: known) else {
            throw Problem(.notFound, code: "record.not-found", title: "No such record then",
                          detail: "Record '\(id)' has no version valid at \(Timestamp.string(valid)) as known at \(Timestamp.string(known)).")
        }
        return RecordRendering.version(version, registry: registry, id: id, validAt: valid, knownAt: known,
                                       underInvestigation: current.openReports > 0, fields: fields)
    }

    func write(_ request: Request, context: CausewayContext, patch: Bool) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("registry")
        let id = try context.parameters.require("id")
        let stored = try await service.writable(code, by: user)
        let input = try await StrictJSON.decode(RegistryInput.RecordWrite.self, from: request)
        let cells = try RegistryInput.cells(input.record, under: "/record")
        let change: RecordHistory.Change
        if patch {
            let fields = try stored.registry.typedPatch(cells, under: "/record")
            // The result must be a valid record as a whole (constraints across the values).
            if let document = try await repository.current(code, record: id)?.document,
               let current = RecordDocument.decode(document, schema: stored.registry.schema) {
                _ = try stored.registry.patched(current, with: fields)
            }
            change = .patch(fields)
        } else {
            change = .replace(try stored.registry.typedRecord(cells))
        }
        let written = try await service.write(code, record: id, change: change, validFrom: try RegistryInput.time(input.validFrom, pointer: "/validFrom"),
                                              reason: input.reason ?? "", by: user)
        return try await answer(written, registry: stored.registry, id: id)
    }

    /// `DELETE` retires the record from now (or from `validFrom`); the reason is a query
    /// parameter, since a `DELETE` carries no body.
    @Sendable func retire(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("registry")
        let id = try context.parameters.require("id")
        let query = QueryParameters(request)
        try query.only(["reason", "validFrom"])
        guard let reason = query.string("reason") else { throw Problem.badParameter("reason", "every registry write carries a reason") }
        let stored = try await service.writable(code, by: user)
        let written = try await service.write(code, record: id, change: .retire, validFrom: try RegistryTime.parameter("validFrom", in: query),
                                              reason: reason, by: user)
        return try await answer(written, registry: stored.registry, id: id)
    }

    private func answer(_ written: RegistryWrite, registry: Registry, id: String) async throws -> Response {
        guard let current = try await repository.current(registry.code, record: id) else { throw Problem.notFound("record", id) }
        return JSONResponse.bytes(RecordRendering.current(current, registry: registry, id: id),
                                  status: written.event.kind == .created ? .created : .ok,
                                  headers: [.causewayLastSequence: String(written.event.sequence)])
    }

    @Sendable func history(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let id = try context.parameters.require("id")
        try QueryParameters(request).only([])
        let versions = try await repository.history(stored.registry, record: id)
        guard !versions.isEmpty else { throw Problem.notFound("record", id) }
        let owner = context.user.map { CatalogPermissions.canEdit(catalogOf: stored.registry.owner, user: $0) } ?? false
        return JSONResponse.bytes(RecordRendering.history(versions, registry: stored.registry, id: id, showAuthors: owner))
    }

    // MARK: Error reports

    struct ReportList: Encodable {
        var results: [ErrorReportBody]
    }

    @Sendable func recordReports(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let id = try context.parameters.require("id")
        try QueryParameters(request).only([])
        let owner = context.user.map { CatalogPermissions.canEdit(catalogOf: stored.registry.owner, user: $0) } ?? false
        let reports = try await repository.reports(stored.registry.code, record: id)
        return try JSONResponse.make(ReportList(results: reports.map { ErrorReportBody($0, showReporter: owner, now: service.now) }))
    }

    /// Anyone who may read the record may report it wrong: signed in, since a report carries
    /// who made it.
    @Sendable func openReport(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("registry")
        let id = try context.parameters.require("id")
        let stored = try await service.readable(code, by: user)
        let input = try await StrictJSON.decode(RegistryInput.Report.self, from: request)
        let agency = user.memberships.first?.agency ?? (user.isOperator ? "operator" : "")
        let report = try await service.report(code, record: id, proposed: try RegistryInput.cells(input.proposed, under: "/proposed"),
                                              note: input.note, reporter: user.username, agency: agency, registry: stored)
        return try JSONResponse.make(ErrorReportBody(report, showReporter: true, now: service.now), status: .created,
                                     headers: [.location: "/api/v1/registries/\(code)/reports/\(report.id)"])
    }

    /// The owner's list of reports (`state=open` for the inbox), oldest first.
    @Sendable func reports(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let stored = try await service.writable(try context.parameters.require("registry"), by: user)
        let query = QueryParameters(request)
        try query.only(["state"])
        guard query.string("state") ?? "open" == "open" else { throw Problem.badParameter("state", "must be 'open'; a record's own list has every report") }
        let reports = try await repository.openReports([stored.registry.code])
        return try JSONResponse.make(ReportList(results: reports.map { ErrorReportBody($0, showReporter: true, now: service.now) }))
    }

    @Sendable func showReport(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("registry")
        let stored = try await service.readable(code, by: context.user)
        let id = try context.parameters.require("report")
        guard let report = try await repository.report(id), report.registry == code else { throw Problem.notFound("report", id) }
        let owner = context.user.map { CatalogPermissions.canEdit(catalogOf: stored.registry.owner, user: $0) || $0.username == report.reporter } ?? false
        return try JSONResponse.make(ErrorReportBody(report, showReporter: owner, now: service.now))
    }

    func resolve(_ request: Request, context: CausewayContext, accepted: Bool) async throws -> Response {
        let user = try context.requireUser()
        let code = try context.parameters.require("registry")
        let id = try context.parameters.require("report")
        let stored = try await service.writable(code, by: user)
        let input = try await StrictJSON.decode(RegistryInput.Resolution.self, from: request)
        if !accepted, input.correction != nil {
            throw Problem.invalid("A rejected report corrects nothing.", errors: [.init(pointer: "/correction", detail: "only with accept")])
        }
        let correction = try input.correction.map { try stored.registry.typedPatch(try RegistryInput.cells($0, under: "/correction"), under: "/correction") }
        _ = try await service.resolve(code, report: id, accepted: accepted, resolution: input.resolution, correction: correction,
                                      validFrom: try RegistryInput.time(input.validFrom, pointer: "/validFrom"), by: user)
        guard let report = try await repository.report(id) else { throw Problem.notFound("report", id) }
        return try JSONResponse.make(ErrorReportBody(report, showReporter: true, now: service.now))
    }
}
