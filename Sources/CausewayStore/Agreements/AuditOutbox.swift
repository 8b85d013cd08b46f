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
        let encoder = DocumentCoding.encoder()
        for event in events {
            let document = String(decoding: try encoder.encode(event), as: UTF8.self)
            try await connection.raw("""
                INSERT INTO audit_events (kind, subject, at, document)
                VALUES (\(bind: event.kind), \(bind: event.subject), \(bind: Timestamp.string(event.at)), \(bind: document))
                """).run()
        }
    }

    /// Appends events in one transaction and returns their sequence numbers, in order: the
    /// group commit behind the gateway's audit, one fsync for a whole batch of calls.
    public func append(_ events: [AuditEvent]) async throws -> [Int64] {
        let encoder = DocumentCoding.encoder()
        let documents = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
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

    /// Events after `sequence`, oldest first.
    public func entries(after sequence: Int64, limit: Int = 500) async throws -> [Entry] {
        try await database.withConnection { connection in
            let decoder = DocumentCoding.decoder()
            return try await connection.raw("""
                SELECT seq, document FROM audit_events WHERE seq > \(bind: sequence) ORDER BY seq LIMIT \(bind: limit)
                """).all().map { row in
                Entry(sequence: try row.decode(column: "seq", as: Int64.self),
                      event: try decoder.decode(AuditEvent.self, from: Data(try row.decode(column: "document", as: String.self).utf8)))
            }
        }
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
