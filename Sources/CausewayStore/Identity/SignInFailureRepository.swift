import CausewayCore
import Crypto
import Foundation
import SQLKit

/// Failed sign-ins and token requests, shared by the nodes so that a guesser spreading tries
/// over them is counted once. Names and addresses are kept only as SHA-256 hashes: this table
/// needs to recognise them, not to show them.
public struct SignInFailureRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum Scope: String, Sendable, CaseIterable {
        case username, client, address
        /// A phone number verifying itself, and a registered phone redeeming upload codes.
        case phone, device
    }

    static func key(_ value: String) -> String {
        Hex.string(SHA256.hash(data: Data(value.utf8)))
    }

    /// The failures recorded for `value` since `since`.
    public func failures(_ scope: Scope, _ value: String, since: Date) async throws -> [Date] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT at FROM auth_failures WHERE scope = \(bind: scope.rawValue) AND key = \(bind: Self.key(value))
                AND at >= \(bind: Timestamp.string(since)) ORDER BY at
                """).all().compactMap { Timestamp.date(try $0.decode(column: "at", as: String.self)) }
        }
    }

    /// Records a failure for each of `values`, dropping what has aged out of `window` for them.
    public func record(_ values: [(Scope, String)], at now: Date, window: TimeInterval) async throws {
        try await database.transaction { connection in
            let cutoff = Timestamp.string(now.addingTimeInterval(-window))
            for (scope, value) in values {
                let key = Self.key(value)
                try await connection.raw("""
                    DELETE FROM auth_failures WHERE scope = \(bind: scope.rawValue) AND key = \(bind: key) AND at < \(bind: cutoff)
                    """).run()
                try await connection.raw("""
                    INSERT INTO auth_failures (scope, key, at) VALUES (\(bind: scope.rawValue), \(bind: key), \(bind: Timestamp.string(now)))
                    """).run()
            }
        }
    }

    /// Forgets the failures of `value` (after a success: the person got it right). A write, so
    /// a transaction: on SQLite that queues it at the writers' gate, where an ungated write
    /// would wait on the busy timeout holding a thread the gated writer needs to commit.
    public func clear(_ scope: Scope, _ value: String) async throws {
        try await database.transaction { connection in
            try await connection.raw("DELETE FROM auth_failures WHERE scope = \(bind: scope.rawValue) AND key = \(bind: Self.key(value))").run()
        }
    }
}
