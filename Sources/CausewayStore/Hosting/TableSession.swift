import CausewayCore
import SQLKit
import SQLiteKit

/// One connection, used for hosted-table statements. On SQLite it binds and reads
/// `SQLiteData` directly; on PostgreSQL it goes through SQLKit.
struct TableSession: Sendable {
    let connection: LeasedConnection
    let engine: Database.Engine

    var sql: any SQLDatabase { connection.sql }

    func run(_ statement: TableStatement) async throws {
        if let sqlite = connection.sqlite {
            _ = try await sqlite.query(statement.sqliteText, statement.sqliteBinds)
        } else {
            try await connection.sql.raw(statement.queryString).run()
        }
    }

    func run(_ text: String) async throws {
        try await run(TableStatement(text))
    }

    /// Rows of the given columns, each read as its storage kind.
    func rows(_ statement: TableStatement, columns: [(name: String, kind: StorageKind)]) async throws -> [[CellValue]] {
        if let sqlite = connection.sqlite {
            return try await sqlite.query(statement.sqliteText, statement.sqliteBinds).map { row in
                columns.indices.map { index in
                    index < row.columns.count ? columns[index].kind.read(SQLValue(row.columns[index].data)) : .null
                }
            }
        }
        return try await connection.sql.raw(statement.queryString).all().map { row in
            try columns.map { column in try column.kind.read(row, column: column.name) }
        }
    }

    func integer(_ statement: TableStatement) async throws -> Int64? {
        try await rows(statement, columns: [("value", .integer)]).first.flatMap { row in
            if case .integer(let value) = row[0] { return value }
            return nil
        }
    }
}

/// How a column is stored: what SQL type it has and how a stored value reads back.
enum StorageKind: Sendable, Hashable {
    case integer, number, boolean, text

    init(_ type: TableSchema.FieldType) {
        switch type {
        case .integer, .year: self = .integer
        case .number: self = .number
        case .boolean: self = .boolean
        case .string, .date, .datetime, .time, .geopoint, .any: self = .text
        }
    }

    func sqlType(_ engine: Database.Engine) -> String {
        switch (self, engine) {
        case (.integer, _), (.boolean, _): return "BIGINT"
        case (.number, .sqlite): return "REAL"
        case (.number, .postgres): return "DOUBLE PRECISION"
        case (.text, _): return "TEXT"
        }
    }

    /// A stored value as the column's kind; a value of another class (SQLite does not enforce
    /// column types) is read as what it is.
    func read(_ value: SQLValue) -> CellValue {
        switch (self, value) {
        case (_, .null), (_, .blob): return .null
        case (.boolean, .integer(let number)): return .boolean(number != 0)
        case (.number, .integer(let number)): return .number(Double(number))
        case (_, .integer(let number)): return .integer(number)
        case (_, .real(let number)): return .number(number)
        case (_, .text(let text)): return .text(text)
        }
    }

    func read(_ row: any SQLRow, column: String) throws -> CellValue {
        if try row.decodeNil(column: column) { return .null }
        switch self {
        case .integer: return .integer(try row.decode(column: column, as: Int64.self))
        case .boolean: return .boolean(try row.decode(column: column, as: Int64.self) != 0)
        case .number: return .number(try row.decode(column: column, as: Double.self))
        case .text: return .text(try row.decode(column: column, as: String.self))
        }
    }
}
