import CausewayCore
import Foundation
import SQLKit

/// The upstream services providers expose through the gateway. Every change bumps the
/// `services` revision, so every node's policy snapshot (the gateway's route table) follows.
public struct ServiceRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates or (with `replace`) replaces a service.
    public func save(_ service: UpstreamAPI, replace: Bool) async throws {
        let document = try DocumentCoding.text(of: service)
        let now = Timestamp.string(Date())
        try await database.transaction { connection in
            guard try await connection.raw("SELECT 1 FROM agencies WHERE code = \(bind: service.provider)").first() != nil else {
                throw StoreError.notFound("agency", service.provider)
            }
            let exists = try await connection.raw(
                "SELECT 1 FROM services WHERE provider = \(bind: service.provider) AND code = \(bind: service.code)").first() != nil
            switch (exists, replace) {
            case (true, false): throw StoreError.conflict("service", "\(service.provider)/\(service.code)")
            case (false, true): throw StoreError.notFound("service", "\(service.provider)/\(service.code)")
            case (true, true):
                try await connection.raw("""
                    UPDATE services SET document = \(bind: document), updated_at = \(bind: now)
                    WHERE provider = \(bind: service.provider) AND code = \(bind: service.code)
                    """).run()
            case (false, false):
                try await connection.raw("""
                    INSERT INTO services (provider, code, created_at, updated_at, document)
                    VALUES (\(bind: service.provider), \(bind: service.code), \(bind: now), \(bind: now), \(bind: document))
                    """).run()
            }
            _ = try await Revisions.bump("services", on: connection)
        }
    }

    public func delete(provider: String, code: String) async throws {
        try await database.transaction { connection in
            let deleted = try await connection.raw(
                "DELETE FROM services WHERE provider = \(bind: provider) AND code = \(bind: code) RETURNING code").all()
            guard !deleted.isEmpty else { throw StoreError.notFound("service", "\(provider)/\(code)") }
            _ = try await Revisions.bump("services", on: connection)
        }
    }

    public func all() async throws -> [UpstreamAPI] {
        try await database.withConnection { connection in
            let decoder = DocumentCoding.decoder()
            return try await connection.raw("SELECT document FROM services ORDER BY provider, code").all().map {
                try decoder.decode(UpstreamAPI.self, from: Data(try $0.decode(column: "document", as: String.self).utf8))
            }
        }
    }
}
