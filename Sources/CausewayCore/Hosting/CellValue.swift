/// One typed cell of a hosted table, after parsing against its Table Schema field.
///
/// Dates, times and datetimes are kept as canonical ISO 8601 text: that text sorts in time
/// order, so range filters and sorting work on it in SQL without engine-specific date types.
/// Booleans stay booleans here and become 0/1 in storage.
public enum CellValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case text(String)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A number for range constraints (`minimum`, `maximum`), when the value has one.
    public var numeric: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The value as a cell's text (what a CSV file holds, and what ``FieldParser`` reads back to
    /// the same value); empty for null.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .integer(let number): return String(number)
        case .number(let number): return number.isNaN ? "NaN" : number.isInfinite ? (number > 0 ? "inf" : "-inf") : number.shortestText
        case .boolean(let flag): return flag ? "true" : "false"
        case .text(let text): return text
        }
    }
}
