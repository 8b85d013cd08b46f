import ArgumentParser
import CausewayServer
import CausewayStore
import Foundation
import Logging

/// `causeway admin backup --to FILE`: a consistent copy of a SQLite node's database, taken while
/// it serves (docs/operations.md § Backups).
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a SQLite node's database to a new file while the node runs.",
        discussion: """
            The copy is one consistent snapshot: every call and change acknowledged before the backup began is in it. \\
            Keep the master key apart from the copies: they hold the deployment's secrets sealed under it. \\
            PostgreSQL deployments use pg_dump or base backups with WAL archiving instead.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The new file to write (it must not exist).") var to: String

    func run() async throws {
        let configuration = try store.configuration()
        if case .sqlite(let path) = configuration.resolvedDatabase, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no database at \(path)")
        }
        var logger = Logger(label: "causeway-backup")
        logger.logLevel = .warning
        let database = try await Database.open(configuration.resolvedDatabase, logger: logger)
        do {
            let started = Date()
            try await database.backup(to: to)
            await database.shutdown()
            let size = (try? FileManager.default.attributesOfItem(atPath: to)[.size] as? Int) ?? 0
            print("backed up to \(to) (\(size) bytes) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        } catch {
            await database.shutdown()
            throw error
        }
    }
}

/// `causeway admin restore --from FILE`: puts a backup in place of a stopped node's database.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace a stopped SQLite node's database with a backup.",
        discussion: """
            Refuses while a node runs on the data directory, and refuses a file that is not a whole Causeway database. \\
            The node keeps the newest checkpoint it published outside the database: if the backup is older than that, \\
            the node will refuse to start rather than serve a log with published entries missing.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The backup to restore.") var from: String

    func run() async throws {
        let configuration = try store.configuration()
        guard case .sqlite(let target) = configuration.resolvedDatabase else {
            throw ValidationError("restore is for SQLite nodes; restore PostgreSQL with pg_restore or point-in-time recovery (docs/operations.md § Backups)")
        }
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("no backup at \(from)") }
        let lock = try DataDirectoryLock.acquire(in: configuration.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        var logger = Logger(label: "causeway-restore")
        logger.logLevel = .warning
        let backup = try await Database.open(.sqlite(path: from), logger: logger)
        do {
            let problems = try await backup.integrityProblems()
            guard problems.isEmpty else { throw ValidationError("\(from) is damaged: \(problems.prefix(3).joined(separator: "; "))") }
            let version = try await Migrations.currentVersion(of: backup)
            guard version > 0, version <= Migrations.latestVersion else {
                throw ValidationError("\(from) is not a Causeway database this binary can serve (schema \(version))")
            }
            await backup.shutdown()
        } catch {
            await backup.shutdown()
            throw error
        }
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: from, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        guard rename(staging, target) == 0 else { throw ValidationError("could not move the backup into place at \(target)") }
        print("restored \(from) to \(target); start the node and run `causeway audit verify`")
    }
}
