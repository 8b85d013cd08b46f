import CausewayCore
import Foundation
import SQLKit

extension RegistryRepository {
    /// Up to `limit` events after sequence number `after`, in order. The caller checks `after`
    /// against the registry's kept span first (``StoredRegistry/firstSequence``).
    public func events(_ registry: Registry, after: UInt64, limit: Int) async throws -> [RegistryEvent] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM registry_events WHERE registry = \(bind: registry.code) AND sequence > \(bind: Int64(after))
                ORDER BY sequence LIMIT \(bind: limit)
                """).all().map { try Self.event($0, registry: registry) }
        }
    }

    /// The newest sequence number handed out, and the oldest event kept.
    public func span(_ registry: String) async throws -> (first: UInt64, last: UInt64)? {
        try await database.withConnection { connection in
            guard let row = try await connection.raw("""
                SELECT first_sequence, last_sequence FROM registries WHERE code = \(bind: registry)
                """).first() else { return nil }
            return (UInt64(try row.decode(column: "first_sequence", as: Int64.self)),
                    UInt64(try row.decode(column: "last_sequence", as: Int64.self)))
        }
    }

    /// Deletes the events recorded before `cutoff` (the feed's retention) but never the newest
    /// one, so a registry's span always says where the feed stands. Returns how many went.
    @discardableResult
    public func purgeEvents(recordedBefore cutoff: Date) async throws -> Int {
        let registries = try await all()
        var purged = 0
        for stored in registries {
            purged += try await database.transaction { connection in
                guard let row = try await connection.raw("""
                    SELECT MAX(sequence) AS upto FROM registry_events
                    WHERE registry = \(bind: stored.registry.code) AND at < \(bind: Timestamp.string(cutoff))
                      AND sequence < (SELECT last_sequence FROM registries WHERE code = \(bind: stored.registry.code))
                    """).first(), let upto = try row.decode(column: "upto", as: Int64?.self) else { return 0 }
                let gone = try await connection.raw("""
                    DELETE FROM registry_events WHERE registry = \(bind: stored.registry.code) AND sequence <= \(bind: upto)
                    RETURNING sequence
                    """).all().count
                try await connection.raw("""
                    UPDATE registries SET first_sequence = \(bind: upto + 1) WHERE code = \(bind: stored.registry.code)
                    """).run()
                return gone
            }
        }
        return purged
    }

    static func append(_ events: [RegistryEvent], schema: TableSchema, on connection: any SQLDatabase) async throws {
        for event in events {
            try await connection.raw("""
                INSERT INTO registry_events (registry, sequence, kind, record, at, document, details)
                VALUES (\(bind: event.registry), \(bind: Int64(event.sequence)), \(bind: event.kind.rawValue), \(bind: event.record),
                        \(bind: Timestamp.string(event.time)), \(bind: event.values.map { RecordDocument.encode($0, schema: schema) }),
                        \(bind: detailsText(event.details)))
                """).run()
        }
    }

    static func detailsText(_ details: [String: String]) -> String {
        (try? DocumentCoding.text(of: details)) ?? "{}"
    }

    static func event(_ row: any SQLRow, registry: Registry) throws -> RegistryEvent {
        let details = try row.decode(column: "details", as: String.self)
        return RegistryEvent(
            registry: registry.code, owner: registry.owner,
            sequence: UInt64(try row.decode(column: "sequence", as: Int64.self)),
            kind: RegistryEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .updated,
            record: try row.decode(column: "record", as: String.self),
            time: try date(row, "at") ?? Date(timeIntervalSince1970: 0),
            values: try row.decode(column: "document", as: String?.self).flatMap { RecordDocument.decode($0, schema: registry.schema) },
            details: (try? DocumentCoding.decoder().decode([String: String].self, from: Data(details.utf8))) ?? [:])
    }
}
