import Foundation
import SQLKit

/// The Ed25519 keys that sign gateway access tokens, shared by all nodes through the database.
/// The newest key signs; a retired key still verifies the tokens it signed until they expire,
/// so rotating keys never cuts a caller off mid-token.
public struct SigningKeyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Key: Sendable, Hashable {
        public var kid: String
        /// The raw 32-byte private key, base64.
        public var privateKey: String
        public var createdAt: Date
        public var retiredAt: Date?
    }

    /// Keys newest first, leaving out those retired before `retiredAfter` (their tokens have expired).
    public func keys(retiredAfter cutoff: Date) async throws -> [Key] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT kid, private_key, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid")
                .all().map { row in
                    Key(kid: try row.decode(column: "kid", as: String.self),
                        privateKey: try row.decode(column: "private_key", as: String.self),
                        createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                        retiredAt: try row.decode(column: "retired_at", as: String?.self).flatMap(Timestamp.date))
                }
                .filter { ($0.retiredAt ?? .distantFuture) > cutoff }
        }
    }

    /// Makes `key` the signing key and retires the others, unless (with `onlyIfNone`) a live
    /// key exists already: the first start creates one, and concurrent starts agree on it.
    public func install(kid: String, privateKey: String, at now: Date, onlyIfNone: Bool) async throws {
        try await database.transaction { connection in
            if database.engine == .postgres {
                try await connection.raw("SELECT pg_advisory_xact_lock(7215007)").run()
            }
            if onlyIfNone, try await connection.raw("SELECT 1 FROM signing_keys WHERE retired_at IS NULL").first() != nil { return }
            let stamp = Timestamp.string(now)
            try await connection.raw("UPDATE signing_keys SET retired_at = \(bind: stamp) WHERE retired_at IS NULL").run()
            try await connection.raw("""
                INSERT INTO signing_keys (kid, private_key, created_at) VALUES (\(bind: kid), \(bind: privateKey), \(bind: stamp))
                """).run()
            _ = try await Revisions.bump("signing-keys", on: connection)
        }
    }

    public func revision() async throws -> Int64 {
        try await database.withConnection { try await Revisions.current("signing-keys", on: $0) }
    }
}
