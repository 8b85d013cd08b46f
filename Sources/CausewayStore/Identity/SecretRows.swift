import Foundation
import SQLKit

/// Every secret the deployment keeps in the database, row by row, whatever its table: the
/// shared node keys (`node_keys`) and the gateway's signing keys (`signing_keys`). For the two
/// jobs that touch them all: sealing the values an older release stored in clear, and
/// re-sealing everything under a new master key. Both rewrite every row in one transaction,
/// so a deployment never holds a mix of two master keys' seals.
public struct SecretRows: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One stored secret: where it lives and its stored text.
    public struct Row: Sendable, Hashable {
        public enum Table: Sendable, Hashable { case nodeKeys, signingKeys }
        public var table: Table
        /// The row's key: the name in `node_keys`, the key id in `signing_keys`.
        public var key: String
        public var value: String
    }

    /// Rewrites each row's value with `transform` (nil: leave the row alone), in one
    /// transaction; returns how many rows changed. A row another node changed meanwhile is not
    /// overwritten (each update names the value it replaces).
    @discardableResult
    public func rewrite(_ transform: @Sendable (Row) throws -> String?) async throws -> Int {
        try await database.transaction { connection in
            var rows = try await connection.raw("SELECT name, value FROM node_keys ORDER BY name").all().map {
                Row(table: .nodeKeys, key: try $0.decode(column: "name", as: String.self), value: try $0.decode(column: "value", as: String.self))
            }
            rows += try await connection.raw("SELECT kid, private_key FROM signing_keys ORDER BY kid").all().map {
                Row(table: .signingKeys, key: try $0.decode(column: "kid", as: String.self), value: try $0.decode(column: "private_key", as: String.self))
            }
            var changed = 0
            for row in rows {
                guard let value = try transform(row), value != row.value else { continue }
                switch row.table {
                case .nodeKeys:
                    try await connection.raw("UPDATE node_keys SET value = \(bind: value) WHERE name = \(bind: row.key) AND value = \(bind: row.value)").run()
                case .signingKeys:
                    try await connection.raw("""
                        UPDATE signing_keys SET private_key = \(bind: value) WHERE kid = \(bind: row.key) AND private_key = \(bind: row.value)
                        """).run()
                }
                changed += 1
            }
            if changed > 0 {
                _ = try await Revisions.bump("signing-keys", on: connection)
                _ = try await Revisions.bump("credentials", on: connection)
            }
            return changed
        }
    }
}
