import CausewayCore
import Foundation

/// Exact grouped counts and clamped sums over a hosted table, for the privacy layer: one SQL
/// statement, so a million rows are aggregated where they lie and only groups come back.
extension HostedDataRepository {
    /// The aggregates of the distribution's latest version (or `version`), with the version read.
    public func aggregates(of distribution: String, version number: Int? = nil, _ request: AggregateRequest) async throws
        -> (version: DataVersion, rows: [AggregateRow]) {
        guard let located = try await located(distribution, number: number) else {
            throw number == nil ? StoreError.notFound("data", distribution) : StoreError.notFound("version", "\(number ?? 0)")
        }
        let layout = TableLayout(table: located.table, schema: located.version.schema)
        let statement = AggregateSQL.statement(request, version: located.version.version, layout: layout, engine: database.engine)
        let columns = request.keys.enumerated().map { ("k\($0.offset)", layout.kinds[$0.element]) }
            + [("_x", StorageKind.integer), ("_n", .integer), ("_s", .integer)]
        let rows = try await database.withSession { session in try await session.rows(statement, columns: columns) }
        let width = request.keys.count
        return (located.version, rows.map { row in
            func integer(_ value: CellValue) -> Int64 { if case .integer(let n) = value { n } else { 0 } }
            return AggregateRow(keys: Array(row[0..<width]), extra: request.extra == .none ? nil : integer(row[width]),
                                count: integer(row[width + 1]), sum: integer(row[width + 2]))
        })
    }
}

/// The statement behind ``HostedDataRepository/aggregates(of:version:_:)``. Column names come
/// from positions and the bounds are integers this code computed, so no client text reaches
/// the SQL except as binds (the filters).
enum AggregateSQL {
    static func statement(_ request: AggregateRequest, version: Int, layout: TableLayout, engine: Database.Engine) -> TableStatement {
        var inner: [String] = request.keys.enumerated().map { "\(TableLayout.column($0.element)) AS k\($0.offset)" }
        if let measure = request.measure {
            inner.append("\(clamped(measure, engine: engine)) AS _v")
        }
        if let cap = request.perPerson {
            inner.append("ROW_NUMBER() OVER (PARTITION BY \(TableLayout.column(cap.field)) ORDER BY _row) AS _r")
        }
        if inner.isEmpty { inner.append("1 AS _one") }
        var statement = TableStatement("SELECT \(inner.joined(separator: ", ")) FROM \(layout.table) WHERE ")
        RecordSQL.visible(at: version, into: &statement)
        RecordSQL.appendFilters(request.filters, layout: layout, to: &statement)
        if let measure = request.measure {
            statement.sql(" AND \(TableLayout.column(measure.field)) IS NOT NULL")
        }

        let keys = request.keys.indices.map { "k\($0)" }
        let extra: String
        switch request.extra {
        case .none: extra = "0"
        case .value: extra = "_v"
        case .bin(let bins):
            let lower = request.measure?.lower ?? 0, span = max(1, (request.measure?.upper ?? 1) - lower)
            let bin = "((_v - (\(lower))) * \(bins) / \(span))"
            extra = "CASE WHEN \(bin) >= \(bins) THEN \(bins - 1) ELSE \(bin) END"
        }
        let sum = request.measure == nil ? "0" : "CAST(SUM(_v) AS BIGINT)"
        var outer = TableStatement("SELECT \((keys + ["\(extra) AS _x", "COUNT(*) AS _n", "\(sum) AS _s"]).joined(separator: ", ")) FROM (")
        outer.append(statement)
        outer.sql(") AS rows")
        if let cap = request.perPerson { outer.sql(" WHERE _r <= \(cap.maxRows)") }
        let grouping = keys + (request.extra == .none ? [] : ["_x"])
        if !grouping.isEmpty { outer.sql(" GROUP BY \(grouping.joined(separator: ", "))") }
        return outer
    }

    /// The measure in whole units of its granularity, rounded and clamped to the bounds.
    static func clamped(_ measure: AggregateRequest.Measure, engine: Database.Engine) -> String {
        let column = TableLayout.column(measure.field)
        let scale = measure.granularity == 1 ? "" : " / \(literal(measure.granularity))"
        // Half away from zero on both engines (PostgreSQL rounds a double half to even).
        switch engine {
        case .sqlite:
            return "MIN(MAX(CAST(ROUND(\(column)\(scale)) AS INTEGER), \(measure.lower)), \(measure.upper))"
        case .postgres:
            return "LEAST(GREATEST(CAST(ROUND(CAST(\(column) AS NUMERIC)\(scale)) AS BIGINT), \(measure.lower)), \(measure.upper))"
        }
    }

    /// A number as an SQL literal: the shortest text that reads back as this double.
    static func literal(_ value: Double) -> String {
        "\(value)"
    }
}
