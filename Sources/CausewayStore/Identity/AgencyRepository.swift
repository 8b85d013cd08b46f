import CausewayCore
import Foundation
import SQLKit

/// Agencies and their client systems. Agency changes bump the catalogue revision, because the
/// catalogue shows each dataset's publisher by name.
public struct AgencyRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func create(_ agency: Agency) async throws {
        try await database.transaction { connection in
            if try await connection.raw("SELECT 1 FROM agencies WHERE code = \(bind: agency.code)").first() != nil {
                throw StoreError.conflict("agency", agency.code)
            }
            let now = Timestamp.string(Date())
            try await connection.raw("""
                INSERT INTO agencies (code, name, description, homepage, email, created_at, updated_at)
                VALUES (\(bind: agency.code), \(bind: agency.name), \(bind: agency.description),
                        \(bind: agency.homepage), \(bind: agency.email), \(bind: now), \(bind: now))
                """).run()
            _ = try await Revisions.bump("catalog", on: connection)
        }
    }

    public func update(_ agency: Agency) async throws {
        try await database.transaction { connection in
            guard try await connection.raw("SELECT 1 FROM agencies WHERE code = \(bind: agency.code)").first() != nil else {
                throw StoreError.notFound("agency", agency.code)
            }
            try await connection.raw("""
                UPDATE agencies SET name = \(bind: agency.name), description = \(bind: agency.description),
                    homepage = \(bind: agency.homepage), email = \(bind: agency.email),
                    updated_at = \(bind: Timestamp.string(Date()))
                WHERE code = \(bind: agency.code)
                """).run()
            _ = try await Revisions.bump("catalog", on: connection)
        }
    }

    public func all() async throws -> [Agency] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT code, name, description, homepage, email, created_at FROM agencies ORDER BY code")
                .all().map(Self.agency)
        }
    }

    public func find(_ code: String) async throws -> Agency? {
        try await database.withConnection { connection in
            try await connection.raw(
                "SELECT code, name, description, homepage, email, created_at FROM agencies WHERE code = \(bind: code)"
            ).first().map(Self.agency)
        }
    }

    // MARK: Systems

    public func createSystem(_ system: ClientSystem) async throws {
        try await database.transaction { connection in
            guard try await connection.raw("SELECT 1 FROM agencies WHERE code = \(bind: system.agency)").first() != nil else {
                throw StoreError.notFound("agency", system.agency)
            }
            if try await connection.raw(
                "SELECT 1 FROM systems WHERE agency = \(bind: system.agency) AND code = \(bind: system.code)"
            ).first() != nil {
                throw StoreError.conflict("system", system.qualifiedName)
            }
            try await connection.raw("""
                INSERT INTO systems (agency, code, name, description, roles, created_at)
                VALUES (\(bind: system.agency), \(bind: system.code), \(bind: system.name),
                        \(bind: system.description), \(bind: system.roles.map(\.rawValue).joined(separator: " ")),
                        \(bind: Timestamp.string(Date())))
                """).run()
        }
    }

    public func systems(of agency: String) async throws -> [ClientSystem] {
        try await database.withConnection { connection in
            try await connection.raw(
                "SELECT agency, code, name, description, roles FROM systems WHERE agency = \(bind: agency) ORDER BY code"
            ).all().map(Self.system)
        }
    }

    public func findSystem(agency: String, code: String) async throws -> ClientSystem? {
        try await database.withConnection { connection in
            try await connection.raw(
                "SELECT agency, code, name, description, roles FROM systems WHERE agency = \(bind: agency) AND code = \(bind: code)"
            ).first().map(Self.system)
        }
    }

    static func agency(_ row: any SQLRow) throws -> Agency {
        var agency = Agency(
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            homepage: try row.decode(column: "homepage", as: String?.self),
            email: try row.decode(column: "email", as: String?.self))
        agency.registered = Timestamp.date(try row.decode(column: "created_at", as: String.self))
        return agency
    }

    static func system(_ row: any SQLRow) throws -> ClientSystem {
        ClientSystem(
            agency: try row.decode(column: "agency", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            roles: try row.decode(column: "roles", as: String.self).split(separator: " ").compactMap { SystemRole(rawValue: String($0)) })
    }
}
