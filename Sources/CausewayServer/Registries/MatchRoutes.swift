import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/registries/{r}/match`: an address as a person typed it, looked up in a registry
/// of addresses (`GET ?q=`), or a CSV of them matched as a job (`POST`, then poll the job and
/// fetch its result).
struct MatchRoutes {
    let service: RegistryService
    let matching: AddressMatching
    let jobs: MatchJobs

    static let maxBulkBytes = 256 << 20

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("registries/:registry/match", use: match)
        group.post("registries/:registry/match", use: bulk)
        group.get("registries/:registry/match/jobs/:job", use: job)
        group.get("registries/:registry/match/jobs/:job/result.csv", use: result)
    }

    @Sendable func match(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let query = QueryParameters(request)
        try query.only(["q", "limit"])
        guard let text = query.string("q"), !text.trimmingCharacters(in: .whitespaces).isEmpty, text.count <= 500 else {
            throw Problem.badParameter("q", "must be an address of 1 to 500 characters")
        }
        let limit = try query.int("limit", default: 5, range: 1...50)
        let index = try await matching.index(for: stored)
        let (candidates, matchClass) = index.match(text, limit: limit)
        var out: [UInt8] = Array(#"{"query":"#.utf8)
        JSONString.append(text, to: &out)
        out += Array(#","class":"\#(matchClass.rawValue)","candidates":["#.utf8)
        for (position, candidate) in candidates.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(#"{"id":"#.utf8)
            JSONString.append(candidate.id, to: &out)
            out += Array(#","score":\#(candidate.score),"matched":["#.utf8)
            out += Array(candidate.matched.map { "\"\($0)\"" }.joined(separator: ",").utf8)
            out += Array(#"],"record":"#.utf8)
            if let document = try await service.repository.current(stored.registry.code, record: candidate.id)?.document {
                out += Array(document.utf8)
            } else {
                out += Array("null".utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
        out += Array("]}".utf8)
        return JSONResponse.bytes(ByteBuffer(bytes: out))
    }

    @Sendable func bulk(_ request: Request, context: CausewayContext) async throws -> Response {
        _ = try context.requireUser()
        let stored = try await service.readable(try context.parameters.require("registry"), by: context.user)
        let query = QueryParameters(request)
        try query.only(["column"])
        let body = try await request.body.collect(upTo: Self.maxBulkBytes)
        let index = try await matching.index(for: stored)
        let job = try jobs.start(registry: stored.registry.code, csv: body, column: query.string("column"), index: index, now: service.now)
        return try JSONResponse.make(job, status: .accepted, headers: [.location: job.links["self"] ?? ""])
    }

    @Sendable func job(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("registry")
        let id = try context.parameters.require("job")
        guard let job = jobs.job(id), job.registry == code else { throw Problem.notFound("job", id) }
        return try JSONResponse.make(job, headers: [.cacheControl: "no-store"])
    }

    @Sendable func result(_ request: Request, context: CausewayContext) async throws -> Response {
        let code = try context.parameters.require("registry")
        let id = try context.parameters.require("job")
        guard let job = jobs.job(id), job.registry == code else { throw Problem.notFound("job", id) }
        guard job.state == .succeeded else {
            throw Problem(.conflict, code: "job.not-finished", title: "The job has not finished",
                          detail: "\(job.done) of \(job.rows) rows matched so far; poll \(job.links["self"] ?? "the job") until its state is succeeded.")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: jobs.resultPath(id)))
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"match-\(id).csv\""],
                        body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
