import CausewayCore
import Foundation
import SQLKit

/// The log's signed checkpoints, as the nodes published them. A checkpoint is keyed by the
/// tree size it signs; the deployment's nodes share one key, so two nodes signing the same
/// size write the same text and the second write changes nothing.
public struct CheckpointStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct StoredCheckpoint: Sendable, Equatable {
        public var size: UInt64
        public var note: String
        public var signedAt: Date

        public init(size: UInt64, note: String, signedAt: Date) {
            self.size = size
            self.note = note
            self.signedAt = signedAt
        }
    }

    /// Keeps a signed checkpoint; a second one for the same size (another node, the same key)
    /// is the same text and is ignored.
    public func save(_ note: String, size: UInt64, at time: Date) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                INSERT INTO log_checkpoints (size, note, signed_at) VALUES (\(bind: Int64(size)), \(bind: note), \(bind: Timestamp.string(time)))
                ON CONFLICT (size) DO NOTHING
                """).run()
        }
    }

    public func latest() async throws -> StoredCheckpoint? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT size, note, signed_at FROM log_checkpoints ORDER BY size DESC LIMIT 1").first().map(Self.checkpoint)
        }
    }

    /// Checkpoints in size order, from `size` on.
    public func page(from size: UInt64, limit: Int) async throws -> [StoredCheckpoint] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT size, note, signed_at FROM log_checkpoints WHERE size >= \(bind: Int64(size)) ORDER BY size LIMIT \(bind: limit)
                """).all().map(Self.checkpoint)
        }
    }

    private static func checkpoint(_ row: any SQLRow) throws -> StoredCheckpoint {
        StoredCheckpoint(size: UInt64(try row.decode(column: "size", as: Int64.self)), note: try row.decode(column: "note", as: String.self),
                         signedAt: Timestamp.date(try row.decode(column: "signed_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }
}
