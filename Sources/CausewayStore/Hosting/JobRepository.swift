import CausewayCore
import Foundation
import SQLKit

/// Upload jobs, so that a client (or another node) can ask how an upload went after the
/// request that started it has long returned, and so that a node restarted mid-upload can
/// pick the job up again.
public struct JobRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func create(_ job: UploadJob) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                INSERT INTO jobs (id, dataset, distribution, mode, format, state, created_by, created_at, byte_size,
                    rows_read, rows_written, error_count, errors)
                VALUES (\(bind: job.id), \(bind: job.dataset), \(bind: job.distribution), \(bind: job.mode.rawValue),
                    \(bind: job.format.rawValue), \(bind: job.state.rawValue), \(bind: job.createdBy),
                    \(bind: Timestamp.string(job.created)), \(bind: job.byteSize), 0, 0, 0, '[]')
                """).run()
        }
    }

    /// Saves the job's state and counters.
    public func update(_ job: UploadJob) async throws {
        let errors = try DocumentCoding.text(of: job.errors)
        try await database.transaction { connection in
            try await connection.raw("""
                UPDATE jobs SET state = \(bind: job.state.rawValue), started_at = \(bind: job.started.map(Timestamp.string)),
                    finished_at = \(bind: job.finished.map(Timestamp.string)), rows_read = \(bind: job.rowsRead),
                    rows_written = \(bind: job.rowsWritten), error_count = \(bind: job.errorCount), errors = \(bind: errors),
                    version = \(bind: job.version), detail = \(bind: job.detail)
                WHERE id = \(bind: job.id)
                """).run()
        }
    }

    public func find(_ id: String) async throws -> UploadJob? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM jobs WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// Jobs that never finished (the node stopped while they were queued or running).
    public func unfinished() async throws -> [UploadJob] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY created_at")
                .all().map(Self.decode)
        }
    }

    /// The newest jobs for any of `datasets` (ids), newest first.
    public func recent(datasets: [String], limit: Int) async throws -> [UploadJob] {
        guard !datasets.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM jobs WHERE dataset IN (\(datasets.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))
                ORDER BY created_at DESC LIMIT \(bind: limit)
                """).all().map(Self.decode)
        }
    }

    private static func decode(_ row: any SQLRow) throws -> UploadJob {
        var job = UploadJob(
            id: try row.decode(column: "id", as: String.self), dataset: try row.decode(column: "dataset", as: String.self),
            distribution: try row.decode(column: "distribution", as: String.self),
            mode: UploadMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .replace,
            format: UploadFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .csv,
            createdBy: try row.decode(column: "created_by", as: String.self),
            created: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
            byteSize: try row.decode(column: "byte_size", as: Int.self))
        job.state = UploadJob.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed
        job.started = try row.decode(column: "started_at", as: String?.self).flatMap(Timestamp.date)
        job.finished = try row.decode(column: "finished_at", as: String?.self).flatMap(Timestamp.date)
        job.rowsRead = try row.decode(column: "rows_read", as: Int.self)
        job.rowsWritten = try row.decode(column: "rows_written", as: Int.self)
        job.errorCount = try row.decode(column: "error_count", as: Int.self)
        job.errors = try DocumentCoding.decoder().decode([TableError].self, from: Data(try row.decode(column: "errors", as: String.self).utf8))
        job.version = try row.decode(column: "version", as: Int?.self)
        job.detail = try row.decode(column: "detail", as: String?.self)
        return job
    }
}
