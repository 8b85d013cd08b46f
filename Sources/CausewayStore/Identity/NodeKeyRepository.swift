import Foundation
import SQLKit

/// Secrets the nodes of one deployment share (the session-token key), kept in the database so
/// that every node behind a load balancer accepts a token any of them issued.
public struct NodeKeyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The value stored under `name`, if any.
    public func value(named name: String) async throws -> String? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT value FROM node_keys WHERE name = \(bind: name)").first()?
                .decode(column: "value", as: String.self)
        }
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

extension NodeKeyRepository {
    /// The current value under `name` first, then the retired ones, newest first.
    public func generations(of name: String) async throws -> [String] {
        try await database.withConnection { connection in
            let current = try await connection.raw("SELECT value FROM node_keys WHERE name = \(bind: name)").all()
            let retired = try await connection.raw("""
                SELECT value FROM node_keys WHERE name LIKE \(bind: name + ".retired.%") ORDER BY name DESC
                """).all()
            return try (current + retired).map { try $0.decode(column: "value", as: String.self) }
        }
    }

    /// Replaces the value under `name` with `make()`, keeping the old one as retired (so what
    /// was derived from it can still be recognised), and bumps `revision` so running nodes
    /// pick the new value up.
    public func rotate(_ name: String, bumping revision: String, make: @Sendable () -> String) async throws {
        try await database.transaction { connection in
            let now = Timestamp.string(Date())
            try await connection.raw("""
                UPDATE node_keys SET name = \(bind: name + ".retired." + now) WHERE name = \(bind: name)
                """).run()
            try await connection.raw("""
                INSERT INTO node_keys (name, value, created_at) VALUES (\(bind: name), \(bind: make()), \(bind: now))
                """).run()
            _ = try await Revisions.bump(revision, on: connection)
        }
    }
}
