import Foundation
import SQLKit

extension Database {
    /// Writes a consistent copy of a SQLite database to `path` while the node keeps serving:
    /// `VACUUM INTO` reads one snapshot of the database (a read transaction, so writers go on)
    /// and writes it compacted to a new file. Everything committed before it began is in the
    /// copy. PostgreSQL has its own tools (`pg_dump`, base backups with WAL archiving).
    public func backup(to path: String) async throws {
        guard engine == .sqlite else {
            throw StoreError.invalidConfiguration("a PostgreSQL deployment is backed up with pg_dump or base backups and WAL archiving (docs/operations.md § Backups)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.invalidConfiguration("\(path) exists already; name a new file")
        }
        try await withConnection { try await $0.raw("VACUUM INTO \(bind: path)").run() }
    }

    /// Whether a SQLite file is a whole, uncorrupted database (`PRAGMA integrity_check`).
    public func integrityProblems() async throws -> [String] {
        guard engine == .sqlite else { return [] }
        return try await withConnection { connection in
            try await connection.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
        }.filter { $0 != "ok" }
    }
}
