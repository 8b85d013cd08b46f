import CausewayCore
import Foundation
import SQLKit

/// A registry as stored: its definition, the catalogue dataset that describes it (and that
/// agreements name), and the span of its change feed still kept.
public struct StoredRegistry: Sendable, Hashable {
    public var registry: Registry
    public var dataset: String
    /// The newest event's sequence number (0 before the first write).
    public var lastSequence: UInt64
    /// The oldest event still kept: events before it were purged after the retention period.
    public var firstSequence: UInt64
    public var created: Date
}

/// Registries, their records' versions, their change feeds and their error reports.
///
/// Invariant: every change of a record is one transaction that takes the registry's next
/// sequence number (`registries.last_sequence`, whose row lock queues the registry's writers),
/// closes and adds versions, updates the record as it is now and appends the event. So the
/// feed is gap-free and in commit order: a reader that has seen event N and asks for what
/// follows N can never miss one that commits later with a smaller number. The topics live in
/// `RegistryRepository+Records`, `+Feed` and `+Reports`.
public struct RegistryRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Stores a new registry; the caller has created its catalogue dataset.
    public func create(_ registry: Registry, dataset: String, at now: Date) async throws {
        let document = try DocumentCoding.text(of: registry)
        try await database.transaction { connection in
            guard try await connection.raw("SELECT code FROM registries WHERE code = \(bind: registry.code)").first() == nil else {
                throw StoreError.conflict("registry", registry.code)
            }
            try await connection.raw("""
                INSERT INTO registries (code, owner, dataset, document, last_sequence, first_sequence, created_at)
                VALUES (\(bind: registry.code), \(bind: registry.owner), \(bind: dataset), \(bind: document), 0, 1,
                        \(bind: Timestamp.string(now)))
                """).run()
            _ = try await Revisions.bump("registries", on: connection)
        }
    }

    /// Replaces a registry's definition (title, description, access; the schema may only gain
    /// optional fields, which the caller checks).
    public func update(_ registry: Registry) async throws {
        let document = try DocumentCoding.text(of: registry)
        try await database.transaction { connection in
            try await connection.raw("UPDATE registries SET document = \(bind: document) WHERE code = \(bind: registry.code)").run()
            _ = try await Revisions.bump("registries", on: connection)
        }
    }

    public func all() async throws -> [StoredRegistry] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM registries ORDER BY code").all().map(Self.decode)
        }
    }

    public func find(_ code: String) async throws -> StoredRegistry? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM registries WHERE code = \(bind: code)").first().map(Self.decode)
        }
    }

    /// The revision every registry write bumps: nodes watch it to wake their feed readers.
    public func revision() async throws -> Int64 {
        try await database.withConnection { try await Revisions.current("registries", on: $0) }
    }

    static func decode(_ row: any SQLRow) throws -> StoredRegistry {
        let document = try row.decode(column: "document", as: String.self)
        return StoredRegistry(
            registry: try DocumentCoding.decoder().decode(Registry.self, from: Data(document.utf8)),
            dataset: try row.decode(column: "dataset", as: String.self),
            lastSequence: UInt64(try row.decode(column: "last_sequence", as: Int64.self)),
            firstSequence: UInt64(try row.decode(column: "first_sequence", as: Int64.self)),
            created: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }
}
