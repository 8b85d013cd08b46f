import Foundation

/// One noisy table of a release as a hosted CSV: a row per figure, its group's key, the
/// figure and the interval that holds the true value at the stated confidence.
///
/// The schema depends only on the query (``schema(statistic:groupBy:)``), so a release's
/// dataset can be validated before any data is read; ``csv(_:groupBy:)`` then writes the rows.
public enum ReleasedTable {
    public static let intervalLower = "interval_lower"
    public static let intervalUpper = "interval_upper"

    /// The columns a table of `statistic` grouped by `groupBy` has.
    public static func schema(statistic: PrivateQuery.Statistic, groupBy: [String]) -> TableSchema {
        var fields = groupBy.map { TableSchema.Field(name: $0, type: .string, description: "The group: its '\($0)' value.") }
        switch statistic {
        case .histogram:
            fields += [TableSchema.Field(name: "bin_lower", type: .number, description: "The bin holds values from this…"),
                       TableSchema.Field(name: "bin_upper", type: .number, description: "…up to (not including) this; the last bin includes it.")]
        case .quantile:
            fields.append(TableSchema.Field(name: "quantile", type: .number, description: "Which quantile (0.5 is the median)."))
        case .count, .sum, .mean:
            break
        }
        fields.append(TableSchema.Field(name: "value", type: .number, description: "The \(statistic.rawValue), with noise added.",
                                        constraints: .init(required: true)))
        if statistic == .quantile {
            fields.append(TableSchema.Field(name: "rank_error", type: .integer,
                                            description: "The value's rank lies within this many rows of the rank asked for, at the stated confidence."))
        } else {
            fields += [TableSchema.Field(name: intervalLower, type: .number, description: "The true value is at least this, at the stated confidence."),
                       TableSchema.Field(name: intervalUpper, type: .number, description: "The true value is at most this, at the stated confidence.")]
        }
        return TableSchema(fields: fields)
    }

    /// The answer's figures as CSV text (header first), in the columns ``schema(statistic:groupBy:)`` names.
    public static func csv(_ answer: PrivateAnswer, groupBy: [String]) -> String {
        let header = schema(statistic: answer.statistic, groupBy: groupBy).fields.map(\.name)
        var lines = [header.map(cell).joined(separator: ",")]
        for figure in answer.figures {
            var cells = groupBy.map { figure.group?[$0] ?? "" }
            switch answer.statistic {
            case .histogram: cells += [number(figure.bin?.lower), number(figure.bin?.upper)]
            case .quantile: cells.append(number(figure.quantile))
            case .count, .sum, .mean: break
            }
            cells.append(number(figure.value))
            if answer.statistic == .quantile {
                cells.append(figure.rankError.map(String.init) ?? "")
            } else {
                cells += [number(figure.interval?.lower), number(figure.interval?.upper)]
            }
            lines.append(cells.map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A number as the table shows it: whole numbers without a decimal point.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// RFC 4180 quoting, where a cell needs it.
    public static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
