import CausewayCore
import Foundation
import SQLKit

/// Deleting what contact tracing may keep only for a while.
extension TracingRepository {
    /// What one purge deleted, by kind.
    public struct Purged: Sendable, Hashable {
        public var uploads = 0
        public var codes = 0
        public var verifications = 0
        public var keys = 0

        public var total: Int { uploads + codes + verifications + keys }
    }

    /// Deletes uploads (their contact lists and tokens) and upload codes made before
    /// `cutoff`, verification codes that expired, and keys under which no TempID still kept
    /// can have been issued (their issuing ended before `keysCutoff`). One transaction, with
    /// the log entry `event(purged)` makes when anything went.
    public func purge(before cutoff: Date, keysBefore keysCutoff: Date, now: Date,
                      event: @Sendable (Purged) -> AuditEvent) async throws -> Purged {
        try await database.transaction { [engine = database.engine] connection in
            func delete(_ sql: SQLQueryString) async throws -> Int {
                try await connection.raw(sql).all().count
            }
            var purged = Purged()
            let before = Timestamp.string(cutoff)
            purged.uploads = try await delete("DELETE FROM tracing_uploads WHERE created_at < \(bind: before) RETURNING id")
            purged.codes = try await delete("DELETE FROM tracing_upload_codes WHERE created_at < \(bind: before) RETURNING code_hash")
            purged.verifications = try await delete(
                "DELETE FROM tracing_verifications WHERE expires_at < \(bind: Timestamp.string(now)) RETURNING phone_hash")
            purged.keys = try await delete("DELETE FROM tracing_keys WHERE issue_until < \(bind: Timestamp.string(keysCutoff)) RETURNING id")
            if purged.total > 0 {
                _ = try await LogAppender.append([LogEntryDraft(event(purged))], inTransactionOn: connection, engine: engine)
            }
            return purged
        }
    }

    /// The oldest time anything purgeable was stored at, per table (for the test that proves
    /// nothing older than the retention survives, and for the operator's view).
    public func oldest() async throws -> [String: Date] {
        try await database.withConnection { connection in
            var found: [String: Date] = [:]
            for (table, column) in [("tracing_uploads", "created_at"), ("tracing_upload_codes", "created_at"), ("tracing_keys", "issue_until")] {
                let row = try await connection.raw("SELECT MIN(\(unsafeRaw: column)) AS at FROM \(unsafeRaw: table)").first()
                if let at = try row?.decode(column: "at", as: String?.self).flatMap(Timestamp.date) { found[table] = at }
            }
            return found
        }
    }
}
