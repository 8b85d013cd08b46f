import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The contact tracer's side of `/api/v1/tracing`: cases, upload codes, and contact lists
/// (JSON, or CSV for export), each look logged with its purpose by ``TracingService``.
struct TracingRoutes {
    let service: TracingService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("tracing/cases", use: cases)
        group.post("tracing/cases", use: openCase)
        group.get("tracing/cases/:case", use: showCase)
        group.post("tracing/cases/:case/upload-codes", use: issueCode)
        group.get("tracing/cases/:case/contacts", use: contacts)
        group.get("tracing/cases/:case/contacts.csv", use: exportContacts)
    }

    struct CaseList: Encodable {
        var results: [TracingCase]
    }

    @Sendable func cases(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let agency = try service.tracerAgency(try context.requireUser())
        return try JSONResponse.make(CaseList(results: try await service.repository.cases(agency: agency)))
    }

    struct CaseRequest: Codable {
        var reference: String
        var agency: String?
    }

    @Sendable func openCase(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await StrictJSON.decode(CaseRequest.self, from: request)
        return try JSONResponse.make(try await service.openCase(reference: body.reference, agency: body.agency, by: user), status: .created)
    }

    /// A case with the state of its codes and uploads: what the tracer checks while the
    /// person is on the phone.
    struct CaseStatus: Encodable {
        struct Code: Encodable {
            var issuedBy: String
            var issuedAt: Date
            var expiresAt: Date
            var usedAt: Date?
        }

        struct Upload: Encodable {
            var id: String
            var tokenIssuedAt: Date
            var receivedAt: Date?
            var received: Int?
            var used: Int?
            var notUsed: [String: Int]?
        }

        var `case`: TracingCase
        var codes: [Code]
        var uploads: [Upload]
    }

    func status(_ id: String, user: User) async throws -> CaseStatus {
        let found = try await service.tracingCase(id, for: user)
        let codes = try await service.repository.codes(caseID: found.id)
        let uploads = try await service.repository.uploads(caseID: found.id)
        return CaseStatus(case: found, codes: codes.map { .init(issuedBy: $0.issuedBy, issuedAt: $0.created, expiresAt: $0.expires, usedAt: $0.used) },
                          uploads: uploads.map { upload in
                              .init(id: upload.id, tokenIssuedAt: upload.created, receivedAt: upload.received, received: upload.outcome?.received,
                                    used: upload.outcome?.used,
                                    notUsed: upload.outcome.map { Dictionary(uniqueKeysWithValues: $0.issues.map { ($0.key.rawValue, $0.value) }) })
                          })
    }

    @Sendable func showCase(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        return try JSONResponse.make(try await status(try context.parameters.require("case"), user: try context.requireUser()))
    }

    @Sendable func issueCode(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONResponse.make(try await service.issueCode(caseID: try context.parameters.require("case"), by: user), status: .created)
    }

    static func classes(_ query: QueryParameters) throws -> Set<ContactExposure.Class> {
        guard let text = query.string("class") else { return [.close, .casual] }
        var classes = Set<ContactExposure.Class>()
        for name in text.split(separator: ",") {
            guard let kind = ContactExposure.Class(rawValue: String(name)) else {
                throw Problem.badParameter("class", "one or more of close, casual, ignored, separated by commas")
            }
            classes.insert(kind)
        }
        return classes
    }

    @Sendable func contacts(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["purpose", "class"])
        let list = try await service.contacts(caseID: try context.parameters.require("case"), purpose: query.string("purpose") ?? "",
                                              look: .viewed, by: try context.requireUser(), classes: try Self.classes(query))
        return try JSONResponse.make(list)
    }

    @Sendable func exportContacts(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["purpose", "class"])
        let list = try await service.contacts(caseID: try context.parameters.require("case"), purpose: query.string("purpose") ?? "",
                                              look: .exported, by: try context.requireUser(), classes: try Self.classes(query))
        return ContactListCSV.response(list)
    }
}
