import CausewayCore
import SQLKit
import SQLiteKit

/// SQL text with bound cell values, written once and run on either engine: as SQLite's own
/// `?` binds on the fast path, or through SQLKit (which numbers them for PostgreSQL).
struct TableStatement: Sendable, Hashable {
    private var parts: [String] = [""]
    private(set) var binds: [CellValue] = []
    /// PostgreSQL types a bound null by its Swift type; where the column's kind is known the
    /// null is bound with that type (a text-typed null cannot go into a number column).
    private var nullKinds: [Int: StorageKind] = [:]

    init(_ text: String = "") {
        parts = [text]
    }

    mutating func sql(_ text: String) {
        parts[parts.count - 1] += text
    }

    mutating func bind(_ value: CellValue, kind: StorageKind? = nil) {
        if value.isNull, let kind { nullKinds[binds.count] = kind }
        binds.append(value)
        parts.append("")
    }

    /// Binds the values separated by commas.
    mutating func bind(list values: [CellValue]) {
        for (index, value) in values.enumerated() {
            if index > 0 { sql(", ") }
            bind(value)
        }
    }

    /// Appends another statement's text and binds.
    mutating func append(_ other: TableStatement) {
        for (index, part) in other.parts.enumerated() {
            sql(part)
            if index < other.binds.count { bind(other.binds[index], kind: other.nullKinds[index]) }
        }
    }

    var sqliteText: String { parts.joined(separator: "?") }

    var sqliteBinds: [SQLiteData] { binds.map(Self.sqlite) }

    var queryString: SQLQueryString {
        var query = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            query.appendLiteral(part)
            guard index < binds.count else { continue }
            switch binds[index] {
            case .null:
                switch nullKinds[index] {
                case .integer?, .boolean?: query.appendInterpolation(bind: Int64?.none)
                case .number?: query.appendInterpolation(bind: Double?.none)
                case .text?, nil: query.appendInterpolation(bind: String?.none)
                }
            case .integer(let value): query.appendInterpolation(bind: value)
            case .number(let value): query.appendInterpolation(bind: value)
            case .boolean(let value): query.appendInterpolation(bind: value ? Int64(1) : Int64(0))
            case .text(let value): query.appendInterpolation(bind: value)
            }
        }
        return query
    }

    static func sqlite(_ value: CellValue) -> SQLiteData {
        switch value {
        case .null: return .null
        case .integer(let value): return .integer(Int(value))
        case .number(let value): return value.isNaN ? .null : .float(value)
        case .boolean(let value): return .integer(value ? 1 : 0)
        case .text(let value): return .text(value)
        }
    }
}
