import Foundation
import SQLKit

/// Somewhere to run statements written once with `?` placeholders: a SQLKit connection
/// (PostgreSQL, or SQLite inside a transaction that other changes share) or a
/// ``DirectSQLite`` connection. Lets the transparency log's append be one piece of code for
/// the gateway's fast path and for everything else.
protocol SQLStatements {
    func run(_ sql: String, _ binds: [SQLValue]) async throws
    func rows(_ sql: String, _ binds: [SQLValue], columns: [(name: String, kind: SQLValue.Kind)]) async throws -> [[SQLValue]]
    /// Inserts `rows` as `prefix (…), (…) suffix`, in as many statements as suits the connection.
    func insert(_ prefix: String, rows: [[SQLValue]], suffix: String) async throws
}

extension SQLStatements {
    /// Many rows per statement: one round trip per 250 rows.
    func insert(_ prefix: String, rows: [[SQLValue]], suffix: String) async throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 250, rows.count)]
            let tuple = "(" + Array(repeating: "?", count: chunk.first?.count ?? 0).joined(separator: ", ") + ")"
            try await run("\(prefix) \(Array(repeating: tuple, count: chunk.count).joined(separator: ", ")) \(suffix)", chunk.flatMap { $0 })
            start += chunk.count
        }
    }
}

/// ``SQLStatements`` through SQLKit, which numbers the placeholders for PostgreSQL.
struct SQLKitStatements: SQLStatements {
    let connection: any SQLDatabase

    func run(_ sql: String, _ binds: [SQLValue]) async throws {
        try await connection.raw(Self.query(sql, binds)).run()
    }

    func rows(_ sql: String, _ binds: [SQLValue], columns: [(name: String, kind: SQLValue.Kind)]) async throws -> [[SQLValue]] {
        try await connection.raw(Self.query(sql, binds)).all().map { row in
            try columns.map { column in
                if try row.decodeNil(column: column.name) { return .null }
                switch column.kind {
                case .integer: return .integer(try row.decode(column: column.name, as: Int64.self))
                case .real: return .real(try row.decode(column: column.name, as: Double.self))
                case .text: return .text(try row.decode(column: column.name, as: String.self))
                case .blob: return .blob(Array(try row.decode(column: column.name, as: Data.self)))
                }
            }
        }
    }

    static func query(_ sql: String, _ binds: [SQLValue]) -> SQLQueryString {
        var query = SQLQueryString("")
        for (index, part) in sql.split(separator: "?", omittingEmptySubsequences: false).enumerated() {
            if index > 0 {
                switch binds[index - 1] {
                case .null: query.appendInterpolation(bind: String?.none)
                case .integer(let value): query.appendInterpolation(bind: value)
                case .real(let value): query.appendInterpolation(bind: value)
                case .text(let value): query.appendInterpolation(bind: value)
                case .blob(let value): query.appendInterpolation(bind: Data(value))
                }
            }
            query.appendLiteral(String(part))
        }
        return query
    }
}

extension DirectSQLite: SQLStatements {
    func run(_ sql: String, _ binds: [SQLValue]) throws {
        try rows(sql, binds)
    }

    func rows(_ sql: String, _ binds: [SQLValue], columns: [(name: String, kind: SQLValue.Kind)]) throws -> [[SQLValue]] {
        try rows(sql, binds)
    }

    /// One row per statement: the statement stays prepared, and a step costs less than a parse.
    func insert(_ prefix: String, rows: [[SQLValue]], suffix: String) throws {
        guard let width = rows.first?.count else { return }
        let sql = "\(prefix) (\(Array(repeating: "?", count: width).joined(separator: ", "))) \(suffix)"
        for row in rows { try self.rows(sql, row) }
    }
}
