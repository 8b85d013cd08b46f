import CausewayCore
import Foundation
import SQLKit

/// Removes the hosted data of datasets deleted longer ago than the retention period: their
/// tables are dropped and their versions forgotten, in one transaction with a transparency-log
/// entry that says what went (tables and rows, never the data). The dataset's row stays, as
/// `purged`, so the catalogue's history and the log's references still resolve.
public struct DeletedDataPurge: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What one purge removed.
    public struct Purged: Sendable, Equatable {
        public var dataset: String
        public var tables: Int
        public var rows: Int64
    }

    /// Purges every dataset deleted before `cutoff`; returns what went, dataset by dataset.
    public func purge(deletedBefore cutoff: Date, at now: Date = Date()) async throws -> [Purged] {
        let due = try await database.withConnection { connection in
            try await connection.raw("""
                SELECT id FROM datasets WHERE state = 'deleted' AND deleted_at IS NOT NULL AND deleted_at < \(bind: Timestamp.string(cutoff))
                ORDER BY deleted_at, id
                """).all().map { try $0.decode(column: "id", as: String.self) }
        }
        var purged: [Purged] = []
        for dataset in due {
            if let one = try await purge(dataset: dataset, at: now) { purged.append(one) }
        }
        return purged
    }

    private func purge(dataset: String, at now: Date) async throws -> Purged? {
        try await database.sessionTransaction { [engine = database.engine] session in
            let connection = session.sql
            // Another node may have purged it meanwhile: the state is checked under the write.
            let marked = try await connection.raw("""
                UPDATE datasets SET state = 'purged' WHERE id = \(bind: dataset) AND state = 'deleted' RETURNING id
                """).all()
            guard !marked.isEmpty else { return nil }
            let versions = try await connection.raw("""
                SELECT DISTINCT table_name FROM hosted_versions WHERE dataset = \(bind: dataset)
                """).all().map { try $0.decode(column: "table_name", as: String.self) }
            var rows: Int64 = 0
            for table in versions {
                // Table names are the node's own (`hosted_<n>`), never a client's text.
                guard table.hasPrefix("hosted_"), table.dropFirst(7).allSatisfy(\.isNumber) else { continue }
                rows += try await connection.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int64.self) ?? 0
                try await connection.raw("DROP TABLE IF EXISTS \(unsafeRaw: table)").run()
            }
            try await connection.raw("DELETE FROM hosted_versions WHERE dataset = \(bind: dataset)").run()
            _ = try await Revisions.bump("hosted-data", on: connection)
            let event = AuditEvent(kind: "dataset.purged", at: now, actor: nil, subject: "dataset/\(dataset)", agencies: [],
                                   details: ["dataset": dataset, "tables": String(versions.count), "rows": String(rows)])
            _ = try await LogAppender.append([LogEntryDraft(event)], inTransactionOn: connection, engine: engine)
            return Purged(dataset: dataset, tables: versions.count, rows: rows)
        }
    }
}
