import CausewayCore
import Foundation
import SQLKit

/// The transparency log read as a queue for the node's ``AuditSink`` (an operator's log
/// pipeline): every administrative entry is handed over in order, at least once, and the
/// mark of what was handed over is kept in `revisions`, so a restart resumes where it stopped.
public struct AuditOutbox: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Entry: Sendable {
        /// The entry's index in the transparency log.
        public var index: Int64
        public var event: AuditEvent
    }

    /// Entries from `index` on, oldest first.
    public func entries(from index: Int64, limit: Int = 500) async throws -> [Entry] {
        try await entries(from: index, limit: limit, where: { _ in true }).entries
    }

    /// Entries from `index` on whose kind passes `include`, and the index after the last one
    /// looked at: entries left out are never decoded, but the caller can move past them.
    public func entries(from index: Int64, limit: Int, where include: (String) -> Bool) async throws -> (entries: [Entry], next: Int64?) {
        let rows = try await database.withConnection { connection in
            try await connection.raw("""
                SELECT idx, kind, entry FROM log_entries WHERE idx >= \(bind: index) ORDER BY idx LIMIT \(bind: limit)
                """).all()
        }
        var entries: [Entry] = []
        var next: Int64?
        for row in rows {
            let number = try row.decode(column: "idx", as: Int64.self)
            next = number + 1
            guard include(try row.decode(column: "kind", as: String.self)) else { continue }
            entries.append(Entry(index: number, event: try AuditEvent(document: Data(try row.decode(column: "entry", as: String.self).utf8))))
        }
        return (entries, next)
    }

    /// The index of the first entry not yet handed to the sink.
    public func delivered() async throws -> Int64 {
        try await database.withConnection { try await Revisions.current("audit-delivered", on: $0) }
    }

    /// Records that every entry before `next` was handed over; the mark never moves back.
    public func markDelivered(upTo next: Int64) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                UPDATE revisions SET value = \(bind: next) WHERE name = 'audit-delivered' AND value < \(bind: next)
                """).run()
        }
    }
}
