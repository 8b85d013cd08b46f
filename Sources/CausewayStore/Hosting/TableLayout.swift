import Foundation
import CausewayCore

/// How a hosted table sits in SQL: a table named by a counter (`hosted_7`) with columns named
/// by position (`c0`, `c1`, …), never by anything a client wrote.
///
/// Besides the schema's columns, every row has `_row` (its id, in insertion order, used for
/// cursors), `_from` and `_to` (the versions it is part of: `_from <= v < _to`, `_to` null
/// while live) and, for a composite primary key, `_key` (the key as JSON text) so that upserts
/// and uniqueness work on one column whatever the key.
struct TableLayout: Sendable {
    let table: String
    let schema: TableSchema
    let kinds: [StorageKind]
    /// The column holding the primary key: `cN` for one field, `_key` for several, nil for none.
    let keyColumn: String?
    let keyFields: [Int]

    init(table: String, schema: TableSchema) {
        self.table = table
        self.schema = schema
        self.kinds = schema.fields.map { StorageKind($0.type) }
        let names = schema.fieldNames
        keyFields = (schema.primaryKey ?? []).compactMap { names.firstIndex(of: $0) }
        switch keyFields.count {
        case 0: keyColumn = nil
        case 1: keyColumn = Self.column(keyFields[0])
        default: keyColumn = "_key"
        }
    }

    static func column(_ position: Int) -> String { "c\(position)" }

    var columns: [String] { schema.fields.indices.map(Self.column) }

    var hasCompositeKey: Bool { keyFields.count > 1 }

    /// Columns an insert writes, in order.
    var insertColumns: [String] {
        ["_row", "_from"] + (hasCompositeKey ? ["_key"] : []) + columns
    }

    func createStatements(_ engine: Database.Engine) -> [String] {
        let rowType = engine == .sqlite ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY"
        var definitions = ["_row \(rowType)", "_from BIGINT NOT NULL", "_to BIGINT"]
        if hasCompositeKey { definitions.append("_key TEXT") }
        for (position, kind) in kinds.enumerated() {
            definitions.append("\(Self.column(position)) \(kind.sqlType(engine))")
        }
        return ["CREATE TABLE \(table) (\(definitions.joined(separator: ", ")))"]
    }

    /// Indexes, created after a fresh table is loaded (building them once is faster than
    /// maintaining them row by row): the primary key, unique among live rows, and every field
    /// the schema marks with `index`. A field's index ends with `_row`, so that a filtered page
    /// (ordered by `_row`) is read in index order and stops after `limit` rows instead of
    /// sorting every match; SQLite ends every index with the row id already.
    func indexStatements(_ engine: Database.Engine) -> [String] {
        var statements: [String] = []
        if let keyColumn {
            statements.append("CREATE UNIQUE INDEX \(table)_key ON \(table) (\(keyColumn)) WHERE _to IS NULL")
        }
        let rowSuffix = engine == .postgres ? ", _row" : ""
        for (position, field) in schema.fields.enumerated() where field.index == true && !(keyFields == [position]) {
            statements.append("CREATE INDEX \(table)_\(Self.column(position)) ON \(table) (\(Self.column(position))\(rowSuffix))")
        }
        return statements
    }

    /// The value of the key column for a row.
    func key(of row: [CellValue]) -> CellValue {
        guard hasCompositeKey else { return keyFields.first.map { row[$0] } ?? .null }
        return .text(Self.compositeKey(keyFields.map { row[$0] }))
    }

    /// A composite key as JSON array text: unambiguous whatever the values hold.
    static func compositeKey(_ values: [CellValue]) -> String {
        "[" + values.map { value in
            switch value {
            case .null: return "null"
            case .integer(let number): return String(number)
            case .number(let number): return number.isFinite ? String(number) : "\"\(number)\""
            case .boolean(let flag): return flag ? "true" : "false"
            case .text(let text):
                var escaped = "\""
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "\"": escaped += "\\\""
                    case "\\": escaped += "\\\\"
                    default:
                        if scalar.value < 0x20 { escaped += String(format: "\\u%04x", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
                    }
                }
                return escaped + "\""
            }
        }.joined(separator: ",") + "]"
    }
}
