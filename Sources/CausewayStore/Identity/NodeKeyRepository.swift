import Foundation
import SQLKit

/// Secrets the nodes of one deployment share (the session-token key), kept in the database so
/// that every node behind a load balancer accepts a token any of them issued.
public struct NodeKeyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The value stored under `name`, storing `make()` first if there is none. When several
    /// nodes start at once, the first insert wins and all of them read the same value.
    public func value(named name: String, orCreate make: @Sendable () -> String) async throws -> String {
        try await database.transaction { connection in
            if let row = try await connection.raw("SELECT value FROM node_keys WHERE name = \(bind: name)").first() {
                return try row.decode(column: "value", as: String.self)
            }
            let value = make()
            try await connection.raw("""
                INSERT INTO node_keys (name, value, created_at) VALUES (\(bind: name), \(bind: value), \(bind: Timestamp.string(Date())))
                ON CONFLICT (name) DO NOTHING
                """).run()
            return try await connection.raw("SELECT value FROM node_keys WHERE name = \(bind: name)").first()?
                .decode(column: "value", as: String.self) ?? value
        }
    }
}
