import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// Uploads into hosted tables, their jobs and their versions.
///
/// `PUT` or `POST …/distributions/{dist}/data?mode=replace|append|upsert` stores the body and
/// answers `202 Accepted` with the job (`Location: /api/v1/jobs/{id}`); with `wait=true` it
/// answers when the job has finished: `201` with the job when it succeeded, `422` with the
/// job's errors when the data was rejected.
struct UploadRoutes {
    let catalog: CatalogService
    let uploads: UploadService
    let data: HostedDataRepository
    let maxUploadBytes: Int
    let clock: @Sendable () -> Date

    func register(on group: RouterGroup<CausewayContext>) {
        group.put("datasets/:dataset/distributions/:distribution/data", use: upload)
        group.post("datasets/:dataset/distributions/:distribution/data", use: upload)
        group.get("datasets/:dataset/distributions/:distribution/versions", use: versions)
        group.get("jobs/:job", use: job)
    }

    @Sendable func upload(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let parameters = QueryParameters(request)
        for name in parameters.values.keys where !["mode", "wait", "format"].contains(name) {
            throw Problem.badParameter(name, "is not a parameter of this endpoint")
        }
        let modeText = parameters.string("mode") ?? "replace"
        guard let mode = UploadMode(rawValue: modeText), UploadMode.uploadModes.contains(mode) else {
            throw Problem.badParameter("mode", "must be replace, append or upsert")
        }
        let (dataset, distribution) = try uploads.destination(dataset: try context.parameters.require("dataset"),
                                                               distribution: try context.parameters.require("distribution"), mode: mode, by: user)
        let wait = try parameters.bool("wait", default: false)
        let format: UploadFormat
        if let name = parameters.string("format") {
            guard let chosen = UploadFormat(rawValue: name) else { throw Problem.badParameter("format", "must be csv or jsonl") }
            format = chosen
        } else {
            format = UploadFormat(mediaType: request.headers[.contentType])
        }

        let jobID = UUID().uuidString.lowercased()
        let spooled = try await uploads.spool.receive(request.body, job: jobID, limit: maxUploadBytes)
        let (job, task) = try await uploads.start(job: jobID, into: dataset, distribution, mode: mode, format: format,
                                                  byteSize: spooled.byteSize, by: user.username)
        let location = "/api/v1/jobs/\(jobID)"
        guard wait else {
            return try JSONResponse.make(JobBody(job, now: clock()), status: .accepted, headers: [.location: location])
        }
        let finished = await task.value
        let status: HTTPResponse.Status = finished.state == .succeeded ? .created : .unprocessableContent
        return try JSONResponse.make(JobBody(finished, now: clock()), status: status, headers: [.location: location])
    }

    @Sendable func job(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("job")
        guard let job = try await uploads.job(id, visibleTo: user) else { throw Problem.notFound("job", id) }
        return try JSONResponse.make(JobBody(job, now: clock()))
    }

    @Sendable func versions(_ request: Request, context: CausewayContext) async throws -> Response {
        let key = try context.parameters.require("dataset")
        let id = try context.parameters.require("distribution")
        guard let dataset = catalog.snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        guard dataset.distribution(id: id) != nil else { throw Problem.notFound("distribution", id) }
        // Who uploaded what, how many rows and their hashes say something about data that is
        // not open: only the publisher's people and operators see them.
        if dataset.accessRights != .public {
            let user = try context.requireUser()
            guard user.isOperator || !user.roles(in: dataset.publisher).isEmpty else {
                throw Problem.forbidden("The versions of a \(dataset.accessRights.rawValue) dataset are shown to '\(dataset.publisher)' and operators only.")
            }
        }
        let versions = try await data.versions(of: id)
        return try JSONResponse.make(VersionList(results: versions.map(VersionBody.init)))
    }
}

/// A job as the API shows it: the stored record plus its rate, worked out when asked.
struct JobBody: Encodable {
    var job: UploadJob
    var rowsPerSecond: Double?

    private enum Keys: String, CodingKey {
        case rowsPerSecond
    }

    init(_ job: UploadJob, now: Date) {
        self.job = job
        if let started = job.started {
            let seconds = (job.finished ?? now).timeIntervalSince(started)
            rowsPerSecond = seconds > 0 ? (Double(job.rowsRead) / seconds).rounded() : nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(rowsPerSecond, forKey: .rowsPerSecond)
    }
}

struct VersionBody: Codable {
    var version: Int
    var mode: UploadMode
    var rowCount: Int
    var rowsWritten: Int
    var sha256: String
    var byteSize: Int
    var uploadedBy: String
    var created: Date
    var job: String?

    init(_ version: DataVersion) {
        self.version = version.version
        mode = version.mode
        rowCount = version.rowCount
        rowsWritten = version.rowsWritten
        sha256 = version.sha256
        byteSize = version.byteSize
        uploadedBy = version.uploadedBy
        created = version.created
        job = version.job
    }
}

struct VersionList: Codable {
    var results: [VersionBody]
}
