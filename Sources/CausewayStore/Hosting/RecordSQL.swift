import CausewayCore

/// Turns a ``RecordQuery`` into SQL over a ``TableLayout``: column names come from positions,
/// every value is a bind.
enum RecordSQL {
    /// Rows visible at `version`. With `latestOf`, the caller believes `version` is the
    /// distribution's latest: then "live" is simply `_to IS NULL`, which lets the planner use
    /// the partial key index, and the statement itself checks the belief in the same snapshot
    /// — when a newer version exists, it matches nothing and the caller asks again the long way.
    static func visible(at version: Int, latestOf distribution: String? = nil, into statement: inout TableStatement) {
        if let distribution {
            statement.sql("_to IS NULL AND _from <= ")
            statement.bind(.integer(Int64(version)))
            statement.sql(" AND (SELECT MAX(version) FROM hosted_versions WHERE distribution = ")
            statement.bind(.text(distribution))
            statement.sql(") = ")
            statement.bind(.integer(Int64(version)))
            return
        }
        statement.sql("_from <= ")
        statement.bind(.integer(Int64(version)))
        statement.sql(" AND (_to IS NULL OR _to > ")
        statement.bind(.integer(Int64(version)))
        statement.sql(")")
    }

    /// The distribution's latest version number, as `value`.
    static func latestVersion(of distribution: String) -> TableStatement {
        var statement = TableStatement("SELECT MAX(version) AS value FROM hosted_versions WHERE distribution = ")
        statement.bind(.text(distribution))
        return statement
    }

    static func appendFilters(_ filters: [RecordQuery.Filter], layout: TableLayout, to statement: inout TableStatement) {
        for filter in filters {
            let column = TableLayout.column(filter.field)
            let values = filter.values.filter { !$0.isNull }
            let wantsNull = values.count < filter.values.count
            switch filter.comparison {
            case .eq:
                statement.sql(" AND (")
                if !values.isEmpty {
                    statement.sql("\(column) IN (")
                    statement.bind(list: values)
                    statement.sql(")")
                    if wantsNull { statement.sql(" OR ") }
                }
                if wantsNull { statement.sql("\(column) IS NULL") }
                if filter.values.isEmpty { statement.sql("1 = 0") }
                statement.sql(")")
            case .gt, .gte, .lt, .lte:
                let symbol = [RecordQuery.Comparison.gt: ">", .gte: ">=", .lt: "<", .lte: "<="][filter.comparison] ?? "="
                statement.sql(" AND \(column) \(symbol) ")
                statement.bind(filter.values.first ?? .null)
            }
        }
    }

    static func appendWords(_ words: [String], layout: TableLayout, to statement: inout TableStatement) {
        guard !words.isEmpty else { return }
        let textColumns = layout.schema.fields.indices.filter { layout.schema.fields[$0].type == .string }
        guard !textColumns.isEmpty else {
            statement.sql(" AND 1 = 0")
            return
        }
        for word in words {
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            statement.sql(" AND (")
            for (index, position) in textColumns.enumerated() {
                if index > 0 { statement.sql(" OR ") }
                statement.sql("LOWER(\(TableLayout.column(position))) LIKE ")
                statement.bind(.text("%" + escaped + "%"))
                statement.sql(" ESCAPE '\\'")
            }
            statement.sql(")")
        }
    }

    /// `WHERE …` for a version and a query's filters and words.
    static func whereClause(_ query: RecordQuery, version: Int, latestOf distribution: String?, layout: TableLayout) -> TableStatement {
        var statement = TableStatement(" WHERE ")
        visible(at: version, latestOf: distribution, into: &statement)
        appendFilters(query.filters, layout: layout, to: &statement)
        appendWords(query.words, layout: layout, to: &statement)
        return statement
    }

    static func select(_ query: RecordQuery, version: Int, latestOf distribution: String? = nil, layout: TableLayout) -> TableStatement {
        let fields = query.fields ?? Array(layout.schema.fields.indices)
        var statement = TableStatement("SELECT _row, " + (fields.isEmpty ? "1 AS _none" : fields.map(TableLayout.column).joined(separator: ", "))
                                       + " FROM \(layout.table)")
        var clause = whereClause(query, version: version, latestOf: distribution, layout: layout)
        if let after = query.afterRow {
            clause.sql(" AND _row > ")
            clause.bind(.integer(after))
        }
        statement.append(clause)
        // Nulls sort last in both engines (SQLite would put them first, PostgreSQL last).
        let order = query.sort.map { order in
            let column = TableLayout.column(order.field)
            return "(\(column) IS NULL), \(column)\(order.descending ? " DESC" : "")"
        } + ["_row"]
        statement.sql(" ORDER BY " + order.joined(separator: ", "))
        statement.sql(" LIMIT ")
        statement.bind(.integer(Int64(query.limit)))
        statement.sql(" OFFSET ")
        statement.bind(.integer(Int64(query.offset)))
        return statement
    }

    static func count(_ query: RecordQuery, version: Int, latestOf distribution: String? = nil, layout: TableLayout) -> TableStatement {
        var statement = TableStatement("SELECT COUNT(*) AS value FROM \(layout.table)")
        statement.append(whereClause(query, version: version, latestOf: distribution, layout: layout))
        return statement
    }
}
