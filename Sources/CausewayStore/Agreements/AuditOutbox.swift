import CausewayCore
import Foundation
import SQLKit

/// Audit events waiting to be delivered to the audit sink, written in the same transaction as
/// the change they describe: an agreement cannot change without its event being recorded, and
/// a sink that is down loses nothing — the relay delivers from here when it is back.
public struct AuditOutbox: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Entry: Sendable {
        public var sequence: Int64
        public var event: AuditEvent
    }

    static func append(_ events: [AuditEvent], on connection: any SQLDatabase) async throws {
        for event in events {
            let document = event.document
            try await connection.raw("""
                INSERT INTO audit_events (kind, subject, at, document)
                VALUES (\(bind: event.kind), \(bind: event.subject), \(bind: Timestamp.string(event.at)), \(bind: document))
                """).run()
        }
    }

    /// Appends events in one transaction and returns their sequence numbers, in order: the
    /// group commit behind the gateway's audit, one fsync for a whole batch of calls.
    public func append(_ events: [AuditEvent]) async throws -> [Int64] {
        let documents = events.map(\.document)
        if database.engine == .sqlite {
            return try await appendRows(events, documents)
        }
        return try await database.transaction { connection in
            var sequences: [Int64] = []
            sequences.reserveCapacity(events.count)
            for (event, document) in zip(events, documents) {
                let row = try await connection.raw("""
                    INSERT INTO audit_events (kind, subject, at, document)
                    VALUES (\(bind: event.kind), \(bind: event.subject), \(bind: Timestamp.string(event.at)), \(bind: document))
                    RETURNING seq
                    """).first()
                sequences.append(try row?.decode(column: "seq", as: Int64.self) ?? 0)
            }
            return sequences
        }
    }

    /// SQLite: one multi-row INSERT per 500 events. The single writer numbers the rows of one
    /// statement consecutively in the order of its VALUES, so the sorted returned numbers are the
    /// events' numbers in order.
    private func appendRows(_ events: [AuditEvent], _ documents: [String]) async throws -> [Int64] {
        try await database.transaction { connection in
            var sequences: [Int64] = []
            sequences.reserveCapacity(events.count)
            var start = 0
            while start < events.count {
                let end = min(start + 500, events.count)
                var values: [SQLQueryString] = []
                for index in start..<end {
                    let event = events[index]
                    values.append("(\(bind: event.kind), \(bind: event.subject), \(bind: Timestamp.string(event.at)), \(bind: documents[index]))")
                }
                let rows = try await connection.raw(
                    "INSERT INTO audit_events (kind, subject, at, document) VALUES \(values.joined(separator: ", ")) RETURNING seq"
                ).all()
                let numbers = try rows.map { try $0.decode(column: "seq", as: Int64.self) }.sorted()
                guard numbers.count == end - start, let first = numbers.first, numbers.last == first + Int64(numbers.count - 1) else {
                    throw StoreError.invalidConfiguration("audit sequence numbers of one insert are not consecutive")
                }
                sequences += numbers
                start = end
            }
            return sequences
        }
    }

    /// Events after `sequence`, oldest first.
    public func entries(after sequence: Int64, limit: Int = 500) async throws -> [Entry] {
        try await entries(after: sequence, limit: limit, where: { _ in true }).entries
    }

    /// Events after `sequence` whose kind passes `include`, and the last sequence number
    /// looked at: events left out are never decoded, but the caller can move past them.
    public func entries(after sequence: Int64, limit: Int, where include: (String) -> Bool) async throws -> (entries: [Entry], last: Int64?) {
        let rows = try await database.withConnection { connection in
            try await connection.raw("""
                SELECT seq, kind, document FROM audit_events WHERE seq > \(bind: sequence) ORDER BY seq LIMIT \(bind: limit)
                """).all()
        }
        let decoder = DocumentCoding.decoder()
        var entries: [Entry] = []
        var last: Int64?
        for row in rows {
            let number = try row.decode(column: "seq", as: Int64.self)
            last = number
            guard include(try row.decode(column: "kind", as: String.self)) else { continue }
            entries.append(Entry(sequence: number, event: try decoder.decode(
                AuditEvent.self, from: Data(try row.decode(column: "document", as: String.self).utf8))))
        }
        return (entries, last)
    }

    /// The sequence number the relay has delivered through (kept in `revisions`, so a restart
    /// resumes where it stopped).
    public func delivered() async throws -> Int64 {
        try await database.withConnection { try await Revisions.current("audit-delivered", on: $0) }
    }

    public func markDelivered(through sequence: Int64) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                UPDATE revisions SET value = \(bind: sequence) WHERE name = 'audit-delivered' AND value < \(bind: sequence)
                """).run()
        }
    }
}
