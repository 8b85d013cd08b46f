import CausewayCore
import Foundation
import Mustache

/// A release's noisy tables on its dataset page: every figure with its accuracy beside it
/// (`1,234 ± 38`), the privacy the release spent in words, and where the figures came from.
///
/// The accuracy is the half-width of the interval the table's own columns hold, so the page
/// and a downloaded CSV say the same thing.
struct ReleasedFigures {
    struct Table {
        var title: String
        var caption: String
        var columns: [String]
        var figureHeading: String
        var rows: [Row]
        var shown: String
    }

    struct Row {
        var cells: [String]
        var figure: String
        var accuracy: String
    }

    static let rowLimit = 500
    var summary: String
    var facts: [DatasetPage.Fact]
    var tables: [Table]

    /// - Parameter pages: each table's rows (at most ``rowLimit``) and its schema, by distribution id.
    init(privacy: ReleasePrivacy, source: Dataset?, pages: [String: (schema: TableSchema, page: RecordPage)]) {
        var loss = "ρ = \(PrivacyBudgetStatus.text(privacy.rho)) (zero-concentrated differential privacy)"
        if let epsilon = privacy.epsilon { loss = "ε = \(PrivacyBudgetStatus.text(epsilon)) (pure differential privacy; \(loss))" }
        summary = "Every figure below had random noise added before it was published, so that no one's presence in the source "
            + "data can be told from the tables. The release as a whole spent a privacy loss of \(loss)"
            + (privacy.delta > 0 ? ", with δ = \(PrivacyBudgetStatus.text(privacy.delta)) for the groups shown only above a threshold." : ".")
            + " The number after ± is how far the true value can be from the figure, at the confidence stated under each table."
        var facts = [DatasetPage.Fact(term: "Privacy loss", value: loss, href: nil),
                     DatasetPage.Fact(term: "Released", value: PageText.date(privacy.released), href: nil)]
        if let source {
            facts.append(DatasetPage.Fact(term: "Computed from", value: "\(source.title) (data version \(privacy.sourceVersion))",
                                          href: "/datasets/\(source.name)"))
        }
        self.facts = facts
        tables = privacy.tables.map { table in
            var mechanism = table.mechanism == .discreteLaplace ? "Laplace noise of scale \(Self.format(table.noiseScale))"
                                                                 : "Gaussian noise of σ = \(Self.format(table.noiseScale))"
            // A mean is a noisy sum over a noisy count; the scale stated is the sum's.
            if table.statistic == .mean { mechanism += " on the sum (and on the count)" }
            var caption = "\(table.statistic.rawValue.capitalized)\(table.column.map { " of \($0)" } ?? ""), with discrete \(mechanism); "
                + "± is the \(Self.format(table.confidence * 100))% interval"
            if let threshold = table.threshold { caption += "; a group is shown only when its noisy count reached \(threshold)" }
            if table.rowsPerPerson > 1 { caption += "; at most \(table.rowsPerPerson) rows per person" }
            guard let (schema, page) = pages[table.distribution] else {
                return Table(title: table.title, caption: caption + ".", columns: table.groupBy, figureHeading: "Figure", rows: [], shown: "No figures")
            }
            let names = page.fields.map { schema.fields[$0].name }
            var columns = table.groupBy
            switch table.statistic {
            case .histogram: columns.append("bin")
            case .quantile: columns.append("quantile")
            case .count, .sum, .mean: break
            }
            let rows = page.rows.map { values in
                let cell = Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
                var cells = table.groupBy.map { cell[$0]?.plainText ?? "" }
                switch table.statistic {
                case .histogram: cells.append("\(Self.format(cell["bin_lower"]?.numeric)) to \(Self.format(cell["bin_upper"]?.numeric))")
                case .quantile: cells.append(Self.format(cell["quantile"]?.numeric))
                case .count, .sum, .mean: break
                }
                let value = cell["value"]?.numeric
                var accuracy = ""
                if let rankError = cell["rank_error"]?.numeric {
                    accuracy = "± \(PageText.count(Int64(rankError))) in rank"
                } else if let value, let lower = cell[ReleasedTable.intervalLower]?.numeric, let upper = cell[ReleasedTable.intervalUpper]?.numeric {
                    accuracy = "± " + Self.format(max(value - lower, upper - value))
                }
                return Row(cells: cells, figure: Self.format(value), accuracy: accuracy)
            }
            let total = page.total ?? rows.count
            return Table(title: table.title, caption: caption + ".", columns: columns, figureHeading: table.statistic.rawValue.capitalized,
                         rows: rows, shown: rows.count < total ? "The first \(rows.count) of \(PageText.plural(total, "figure"))" : PageText.plural(total, "figure"))
        }
    }

    /// Whole numbers with thousands separators, others to two decimals.
    static func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return PageText.count(Int64(value)) }
        return String(format: "%.2f", value)
    }
}

// The page's repeated parts answer the templates' lookups directly (see `DatasetSummary`).
extension ReleasedFigures.Table: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "caption": caption
        case "columns": columns
        case "figureHeading": figureHeading
        case "rows": rows
        case "shown": shown
        default: nil
        }
    }
}

extension ReleasedFigures.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cells": cells
        case "figure": figure
        case "accuracy": accuracy
        default: nil
        }
    }
}
