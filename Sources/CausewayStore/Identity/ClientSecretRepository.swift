import CausewayCore
import Foundation
import SQLKit

/// Client secrets of systems, kept only as hashes. A secret is shown once, when issued.
public struct ClientSecretRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Metadata of an issued secret; the secret itself is never stored.
    public struct Record: Sendable, Hashable, Codable {
        public var id: String
        public var agency: String
        public var system: String
        public var createdAt: Date
        public var revokedAt: Date?
    }

    /// Stores a new secret's hash and bumps the `credentials` revision, so every node's
    /// policy snapshot learns that the system has live credentials.
    public func insert(id: String, agency: String, system: String, secretHash: String, at date: Date) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                INSERT INTO client_secrets (id, agency, system, secret_hash, created_at)
                VALUES (\(bind: id), \(bind: agency), \(bind: system), \(bind: secretHash), \(bind: Timestamp.string(date)))
                """).run()
            _ = try await Revisions.bump("credentials", on: connection)
        }
    }

    /// Revokes a secret: no new token is issued with it, and a system left without live
    /// secrets is refused by the gateway at once (the `credentials` revision moves).
    /// Returns false when there is no such live secret.
    public func revoke(id: String, agency: String, system: String, at date: Date) async throws -> Bool {
        try await database.transaction { connection in
            let updated = try await connection.raw("""
                UPDATE client_secrets SET revoked_at = \(bind: Timestamp.string(date))
                WHERE id = \(bind: id) AND agency = \(bind: agency) AND system = \(bind: system) AND revoked_at IS NULL
                RETURNING id
                """).all()
            guard !updated.isEmpty else { return false }
            _ = try await Revisions.bump("credentials", on: connection)
            return true
        }
    }

    /// The `agency/system` names that hold at least one live secret.
    public func systemsWithLiveSecrets() async throws -> Set<String> {
        try await database.withConnection { connection in
            Set(try await connection.raw("SELECT DISTINCT agency, system FROM client_secrets WHERE revoked_at IS NULL").all().map {
                "\(try $0.decode(column: "agency", as: String.self))/\(try $0.decode(column: "system", as: String.self))"
            })
        }
    }

    public func list(agency: String, system: String) async throws -> [Record] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT id, agency, system, created_at, revoked_at FROM client_secrets
                WHERE agency = \(bind: agency) AND system = \(bind: system) ORDER BY created_at
                """).all().map { row in
                Record(
                    id: try row.decode(column: "id", as: String.self),
                    agency: try row.decode(column: "agency", as: String.self),
                    system: try row.decode(column: "system", as: String.self),
                    createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                    revokedAt: try row.decode(column: "revoked_at", as: String?.self).flatMap(Timestamp.date))
            }
        }
    }

    /// The live secrets of a system, id and hash, for checking a presented secret.
    public func liveSecrets(agency: String, system: String) async throws -> [(id: String, hash: String)] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT id, secret_hash FROM client_secrets
                WHERE agency = \(bind: agency) AND system = \(bind: system) AND revoked_at IS NULL
                """).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "secret_hash", as: String.self)) }
        }
    }

    /// The ids of every live secret: a token names the secret it was issued under, and dies
    /// with it.
    public func liveSecretIDs() async throws -> Set<String> {
        try await database.withConnection { connection in
            Set(try await connection.raw("SELECT id FROM client_secrets WHERE revoked_at IS NULL").all().map {
                try $0.decode(column: "id", as: String.self)
            })
        }
    }
}
