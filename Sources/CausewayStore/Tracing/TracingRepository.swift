import CausewayCore
import Foundation
import SQLKit

/// Contact tracing's storage: TempID keys, registered phones, cases with their upload codes,
/// and uploads with the contact lists made from them. Split by topic into
/// `TracingRepository+Devices`, `+Cases` and `+Retention`.
///
/// Invariant: nothing personal is stored in clear. Phone numbers arrive sealed (the server
/// seals them under the master key) with a keyed hash to find them by; codes and bearer
/// credentials are stored as SHA-256 hashes; uploads keep the contact list, never the raw
/// encounters. Every method is one transaction, so an upload is stored whole or not at all.
public struct TracingRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A TempID key as stored: sealed, with the time until which TempIDs are issued under it.
    public struct StoredKey: Sendable, Hashable {
        public var id: Int64
        public var sealed: String
        public var created: Date
        public var issueUntil: Date

        public init(id: Int64, sealed: String, created: Date, issueUntil: Date) {
            self.id = id
            self.sealed = sealed
            self.created = created
            self.issueUntil = issueUntil
        }
    }

    /// Every key kept, newest first.
    public func keys() async throws -> [StoredKey] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM tracing_keys ORDER BY id DESC").all().map { row in
                StoredKey(id: try row.decode(column: "id", as: Int64.self), sealed: try row.decode(column: "sealed", as: String.self),
                          created: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                          issueUntil: Timestamp.date(try row.decode(column: "issue_until", as: String.self)) ?? .distantPast)
            }
        }
    }

    /// Stores key `id` unless another node stored it first; the caller reads the keys back,
    /// so all nodes use the one that won.
    public func addKey(_ key: StoredKey) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                INSERT INTO tracing_keys (id, sealed, created_at, issue_until)
                VALUES (\(bind: key.id), \(bind: key.sealed), \(bind: Timestamp.string(key.created)), \(bind: Timestamp.string(key.issueUntil)))
                ON CONFLICT (id) DO NOTHING
                """).run()
        }
    }
}
