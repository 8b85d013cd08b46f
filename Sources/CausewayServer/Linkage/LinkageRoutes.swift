import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/api/v1/linkage/projects`: create a project under linkage agreements, list and read the
/// projects one's agency takes part in, upload one's encodings, download one's result, and
/// close (which deletes the encodings). The rules are ``LinkageService``'s.
struct LinkageRoutes {
    let service: LinkageService

    /// The largest upload: about 350,000 1024-bit encodings in clkhash's JSON.
    static let uploadLimit = 64 << 20

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("linkage/projects", use: list)
        group.post("linkage/projects", use: create)
        group.get("linkage/projects/:project", use: show)
        group.put("linkage/projects/:project/encodings", use: upload)
        group.get("linkage/projects/:project/results", use: results)
        group.post("linkage/projects/:project/close", use: close)
    }

    /// A project as the API shows it: the project, who it still waits for, and the size of
    /// the encodings it takes.
    struct ProjectBody: Encodable {
        var project: LinkageProject
        func encode(to encoder: any Encoder) throws {
            try project.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(project.waitingFor, forKey: .waitingFor)
            try container.encode(project.encodingBytes * 8, forKey: .encodingBits)
        }
        enum Key: String, CodingKey { case waitingFor, encodingBits }
    }

    struct ProjectList: Encodable {
        var results: [ProjectBody]
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let projects = try await service.projects(for: try context.requireUser())
        return try JSONResponse.make(ProjectList(results: projects.map(ProjectBody.init)))
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let draft = try await StrictJSON.decode(LinkageProjectDraft.self, from: request, lenient: ["/schema"])
        let project = try await service.create(draft, by: user)
        return try JSONResponse.make(ProjectBody(project: project), status: .created,
                                     headers: [.location: "/api/v1/linkage/projects/\(project.id)"])
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let project = try await service.project(try context.parameters.require("project"), for: try context.requireUser())
        return try JSONResponse.make(ProjectBody(project: project))
    }

    @Sendable func upload(_ request: Request, context: CausewayContext) async throws -> Response {
        let parameters = QueryParameters(request)
        try parameters.only(["party"])
        let user = try context.requireUser()
        let id = try context.parameters.require("project")
        // Refuse what the project cannot take before reading a large body.
        let project = try await service.project(id, for: user)
        try LinkageService.admitUpload(to: project, party: try service.party(of: user, in: project, named: parameters.string("party")))
        let bytes = try await LimitedBody.collect(request, limit: Self.uploadLimit,
                                                  hint: "that is about 350,000 encodings of 1024 bits. Split larger lists into several projects.")
        let body: LinkageUploadBody
        do {
            body = try JSONDecoder().decode(LinkageUploadBody.self, from: Data(buffer: bytes))
        } catch let error as DecodingError {
            throw Problem.malformed("An upload is clkhash's output with the schema it was made with: {\"schema\": {…}, \"clks\": [\"<base64>\", …]}. "
                                    + StrictJSON.describe(error))
        } catch {
            throw Problem.malformed("An upload is a JSON object: {\"schema\": {…}, \"clks\": [\"<base64>\", …]}.")
        }
        let stored = try await service.upload(body, to: id, party: parameters.string("party"), by: user)
        return try JSONResponse.make(ProjectBody(project: stored), status: .created)
    }

    @Sendable func results(_ request: Request, context: CausewayContext) async throws -> Response {
        let parameters = QueryParameters(request)
        try parameters.only(["party"])
        let document = try await service.result(of: try context.parameters.require("project"), party: parameters.string("party"),
                                                 for: try context.requireUser())
        return JSONResponse.bytes(ByteBuffer(data: document))
    }

    @Sendable func close(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let project = try await service.close(try context.parameters.require("project"), by: try context.requireUser())
        return try JSONResponse.make(ProjectBody(project: project))
    }
}
