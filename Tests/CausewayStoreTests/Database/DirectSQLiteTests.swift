@testable import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

/// The synchronous SQLite connection behind the log writer and key lookups.
@Suite("Direct SQLite connection")
struct DirectSQLiteTests {
    static func path() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-direct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("direct.sqlite").path
    }

    @Test func bindsAndReadsEveryStorageClass() throws {
        let connection = try DirectSQLite(path: try Self.path(), durability: .normal)
        defer { connection.close() }
        try connection.run("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)", [])
        let values: [SQLValue] = [.integer(Int64.max), .real(-0.125), .text("é ✓ \u{0}x"), .blob([0, 255, 1]), .null]
        try connection.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", values)
        #expect(try connection.rows("SELECT i, r, s, b, n FROM t") == [values])
        #expect(try connection.rows("SELECT x'' AS empty") == [[.blob([])]])
    }

    @Test func statementsStayPreparedAndFailuresAreErrors() throws {
        let connection = try DirectSQLite(path: try Self.path(), durability: .full)
        defer { connection.close() }
        try connection.run("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)", [])
        // More distinct statements than are kept prepared: the cache starts over, nothing breaks.
        for k in 0..<(DirectSQLite.cachedStatements + 20) {
            try connection.run("INSERT INTO t (k, v) VALUES (\(k), ?)", [.text("v\(k)")])
            #expect(try connection.rows("SELECT v FROM t WHERE k = ?", [.integer(Int64(k))]) == [[.text("v\(k)")]])
        }
        #expect(throws: DirectSQLite.Failure.self) { try connection.run("INSERT INTO t (k, v) VALUES (?, NULL)", [.integer(1_000)]) }
        #expect(throws: DirectSQLite.Failure.self) { try connection.rows("SELEKT 1") }
        // Too few or too many values is an error, not a run with an old value still bound.
        #expect(throws: DirectSQLite.Failure.self) { try connection.rows("SELECT v FROM t WHERE k = ? AND v = ?", [.integer(1)]) }
        #expect(throws: DirectSQLite.Failure.self) { try connection.rows("SELECT v FROM t WHERE k = ?", [.integer(1), .integer(2)]) }
        // The statement that failed is usable again.
        try connection.run("INSERT INTO t (k, v) VALUES (?, ?)", [.integer(1_000), .text("ok")])
        #expect(try connection.rows("SELECT COUNT(*) FROM t") == [[.integer(Int64(DirectSQLite.cachedStatements + 21))]])
    }

    /// A direct transaction that throws leaves nothing behind, and queues with SQLiteNIO's writers.
    @Test func directTransactionsRollBackAndShareTheWriterQueue() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await database.withConnection { try await $0.raw("CREATE TABLE t (k INTEGER PRIMARY KEY)").run() }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                _ = try await database.directTransaction { connection in
                    try connection.run("INSERT INTO t (k) VALUES (1)", [])
                    throw Abort()
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for k in 0..<40 {
                    group.addTask {
                        if k % 2 == 0 {
                            _ = try await database.directTransaction { try $0.run("INSERT INTO t (k) VALUES (?)", [.integer(Int64(k))]) }
                        } else {
                            try await database.transaction { try await $0.raw("INSERT INTO t (k) VALUES (\(bind: k))").run() }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let count = try await database.withConnection { try await $0.raw("SELECT COUNT(*) AS n FROM t").first()?.decode(column: "n", as: Int.self) }
            #expect(count == 40)
        }
    }
}
