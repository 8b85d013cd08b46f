import CausewayStore
import Foundation
import Logging

/// Fresh, empty databases for the store and server tests: a new SQLite file, or a new database in the throwaway
/// PostgreSQL cluster that `scripts/test` starts and names in `CAUSEWAY_TEST_POSTGRES_URL`.
public enum TestDatabase {
    public static let engines: [Database.Engine] = [.sqlite, .postgres]

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// Where a fresh database of `engine` is (creating it on PostgreSQL).
    public static func location(_ engine: Database.Engine) async throws -> DatabaseLocation {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return .sqlite(path: directory.appendingPathComponent("test.sqlite").path)
        case .postgres:
            guard let adminURL = ProcessInfo.processInfo.environment["CAUSEWAY_TEST_POSTGRES_URL"] else {
                throw MissingPostgres()
            }
            let name = "cw_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Database.open(.postgres(url: adminURL), logger: logger, maxConnections: 1)
            do {
                try await admin.withConnection { try await $0.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
            } catch {
                await admin.shutdown()
                throw error
            }
            await admin.shutdown()
            guard var components = URLComponents(string: adminURL) else { throw MissingPostgres() }
            components.path = "/" + name
            return .postgres(url: components.string ?? adminURL)
        }
    }

    /// Runs `body` with a migrated, empty database, and closes it afterwards.
    public static func with<T>(_ engine: Database.Engine, _ body: (Database) async throws -> T) async throws -> T {
        // The whole suite shares one PostgreSQL on a busy machine: queue for a connection for up to a minute.
        let database = try await Database.open(try await location(engine), logger: logger, connectionWait: .seconds(60))
        do {
            try await Migrations.apply(to: database)
            let result = try await body(database)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }

    public struct MissingPostgres: Error, CustomStringConvertible {
        public var description: String {
            "CAUSEWAY_TEST_POSTGRES_URL is not set: run the suite with scripts/test, which starts a throwaway PostgreSQL"
        }
    }
}
