import CausewayCore
import Foundation
import SQLKit

/// Console users with their per-agency roles and bcrypt password hashes.
public struct UserRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates a user, or with `replace` overwrites name, roles and password of an existing one.
    /// A changed password, operator flag or set of roles ends the user's sessions (their
    /// generation moves on); a replace that changes none of them, as the demo's reload does,
    /// keeps them.
    public func save(_ user: User, passwordHash: String, replace: Bool = false) async throws {
        let before = try await find(user.username)
        try await database.transaction { connection in
            let exists = try await connection.raw("SELECT 1 FROM users WHERE username = \(bind: user.username)").first() != nil
            if exists, !replace { throw StoreError.conflict("user", user.username) }
            for membership in user.memberships {
                guard try await connection.raw("SELECT 1 FROM agencies WHERE code = \(bind: membership.agency)").first() != nil else {
                    throw StoreError.notFound("agency", membership.agency)
                }
            }
            if exists {
                let changed = before.map {
                    $0.passwordHash != passwordHash || $0.user.isOperator != user.isOperator
                        || Set($0.user.memberships) != Set(user.memberships)
                } ?? true
                try await connection.raw("""
                    UPDATE users SET display_name = \(bind: user.displayName), password_hash = \(bind: passwordHash),
                        is_operator = \(bind: user.isOperator ? 1 : 0),
                        session_generation = session_generation + \(bind: changed ? 1 : 0)
                    WHERE username = \(bind: user.username)
                    """).run()
                try await connection.raw("DELETE FROM memberships WHERE username = \(bind: user.username)").run()
            } else {
                try await connection.raw("""
                    INSERT INTO users (username, display_name, password_hash, is_operator, created_at)
                    VALUES (\(bind: user.username), \(bind: user.displayName), \(bind: passwordHash),
                            \(bind: user.isOperator ? 1 : 0), \(bind: Timestamp.string(Date())))
                    """).run()
            }
            for membership in Set(user.memberships) {
                try await connection.raw("""
                    INSERT INTO memberships (username, agency, role)
                    VALUES (\(bind: user.username), \(bind: membership.agency), \(bind: membership.role.rawValue))
                    """).run()
            }
        }
    }

    /// A user, their password hash and the generation their sessions must carry.
    public func find(_ username: String) async throws -> (user: User, passwordHash: String, sessionGeneration: Int64)? {
        try await database.withConnection { connection in
            guard let row = try await connection.raw("""
                SELECT username, display_name, password_hash, is_operator, session_generation FROM users WHERE username = \(bind: username)
                """).first() else { return nil }
            let memberships = try await connection.raw("""
                SELECT agency, role FROM memberships WHERE username = \(bind: username) ORDER BY agency, role
                """).all().compactMap { row -> Membership? in
                guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
                return Membership(agency: try row.decode(column: "agency", as: String.self), role: role)
            }
            let user = User(
                username: try row.decode(column: "username", as: String.self),
                displayName: try row.decode(column: "display_name", as: String.self),
                memberships: memberships,
                isOperator: try row.decode(column: "is_operator", as: Int.self) != 0)
            return (user, try row.decode(column: "password_hash", as: String.self), try row.decode(column: "session_generation", as: Int64.self))
        }
    }

    /// Ends every session of `username` (signing out): tokens of earlier generations are refused.
    public func endSessions(of username: String) async throws {
        try await database.transaction { connection in
            try await connection.raw("UPDATE users SET session_generation = session_generation + 1 WHERE username = \(bind: username)").run()
        }
    }

    /// Every user with their memberships, by username (for the operator's view).
    public func all() async throws -> [User] {
        try await database.withConnection { connection in
            var memberships: [String: [Membership]] = [:]
            for row in try await connection.raw("SELECT username, agency, role FROM memberships ORDER BY username, agency, role").all() {
                guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { continue }
                memberships[try row.decode(column: "username", as: String.self), default: []]
                    .append(Membership(agency: try row.decode(column: "agency", as: String.self), role: role))
            }
            return try await connection.raw("SELECT username, display_name, is_operator FROM users ORDER BY username").all().map { row in
                let username = try row.decode(column: "username", as: String.self)
                return User(username: username, displayName: try row.decode(column: "display_name", as: String.self),
                            memberships: memberships[username] ?? [], isOperator: try row.decode(column: "is_operator", as: Int.self) != 0)
            }
        }
    }

    public func count() async throws -> Int {
        try await database.withConnection { connection in
            try await connection.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
