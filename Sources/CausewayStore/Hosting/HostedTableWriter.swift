import CausewayCore
import SQLiteKit
import SQLKit

/// Writes one upload's rows into a hosted table, inside the upload's transaction. Made by
/// ``HostedDataRepository/ingest(_:body:)``; the caller feeds it validated rows in batches.
///
/// Sendable so that a batch can be written from its own task while the caller checks the
/// next one; unchecked because its counters are plain variables: callers keep to one write at
/// a time and read the counters only when no write is in flight.
public final class HostedTableWriter: @unchecked Sendable {
    public let version: Int
    public let mode: UploadMode
    /// Whether the upload writes a new physical table (a replace, or the first upload).
    public let fresh: Bool
    public private(set) var rowsWritten = 0
    /// Live rows this upload ended (upsert replacements, deletions).
    public private(set) var rowsClosed = 0
    /// In upsert mode, refuse keys that are not in the table (CKAN's `method=update`).
    public var requireExisting = false

    let session: TableSession
    let layout: TableLayout
    private var nextRow: Int64
    private var insertTexts: [Int: String] = [:]

    /// Rows per INSERT: many rows per statement amortise the statement overhead; the cap keeps
    /// the bind count under SQLite's limit of 32,766.
    public var batchSize: Int { max(1, min(1_000, 30_000 / layout.insertColumns.count)) }

    init(session: TableSession, layout: TableLayout, version: Int, mode: UploadMode, fresh: Bool, nextRow: Int64) {
        self.session = session
        self.layout = layout
        self.version = version
        self.mode = mode
        self.fresh = fresh
        self.nextRow = nextRow
    }

    /// Writes validated rows. In append mode rows whose key is already live are not written:
    /// their indexes in `rows` are returned so the caller can report them. In upsert mode the
    /// live rows with the same keys are ended first.
    public func write(_ rows: [[CellValue]]) async throws -> [Int] {
        guard !rows.isEmpty else { return [] }
        var accepted = rows
        var conflicts: [Int] = []
        if !fresh, let keyColumn = layout.keyColumn, mode != .replace {
            let keys = rows.map { layout.key(of: $0) }
            if mode == .upsert {
                var statement = TableStatement("UPDATE \(layout.table) SET _to = ")
                statement.bind(.integer(Int64(version)))
                statement.sql(" WHERE _to IS NULL AND \(keyColumn) IN (")
                statement.bind(list: keys)
                statement.sql(") RETURNING _row")
                let closed = try await session.rows(statement, columns: [("_row", .integer)]).count
                if requireExisting, closed < keys.count { throw HostedDataError.missingKeys }
                rowsClosed += closed
            } else {
                var statement = TableStatement("SELECT \(keyColumn) AS value FROM \(layout.table) WHERE _to IS NULL AND \(keyColumn) IN (")
                statement.bind(list: keys)
                statement.sql(")")
                let kind: StorageKind = layout.hasCompositeKey ? .text : layout.kinds[layout.keyFields[0]]
                let existing = Set(try await session.rows(statement, columns: [("value", kind)]).map { $0[0] })
                if !existing.isEmpty {
                    conflicts = keys.indices.filter { existing.contains(keys[$0]) }
                    let rejected = Set(conflicts)
                    accepted = rows.indices.filter { !rejected.contains($0) }.map { rows[$0] }
                }
            }
        }
        var start = 0
        while start < accepted.count {
            let end = min(start + batchSize, accepted.count)
            try await insert(accepted[start..<end])
            start = end
        }
        return conflicts
    }

    /// Ends the live rows that match `filters` (CKAN `datastore_delete`).
    func close(where filters: [RecordQuery.Filter]) async throws {
        var statement = TableStatement("UPDATE \(layout.table) SET _to = ")
        statement.bind(.integer(Int64(version)))
        statement.sql(" WHERE _to IS NULL")
        RecordSQL.appendFilters(filters, layout: layout, to: &statement)
        statement.sql(" RETURNING _row")
        rowsClosed += try await session.rows(statement, columns: [("_row", .integer)]).count
    }

    private func insert(_ rows: ArraySlice<[CellValue]>) async throws {
        let columnCount = layout.insertColumns.count
        let composite = layout.hasCompositeKey
        if let sqlite = session.connection.sqlite {
            // `_row` is SQLite's row id, which it numbers exactly as nextRow does (one more than
            // the largest), and `_from` is this version for every row: neither needs a bind, and
            // binds are most of the statement SQLite parses per batch.
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * (columnCount - 2))
            for row in rows {
                if composite { binds.append(TableStatement.sqlite(layout.key(of: row))) }
                for value in row { binds.append(TableStatement.sqlite(value)) }
            }
            nextRow += Int64(rows.count)
            _ = try await sqlite.query(insertText(rows: rows.count), binds)
        } else {
            var statement = TableStatement("INSERT INTO \(layout.table) (\(layout.insertColumns.joined(separator: ", "))) VALUES ")
            for (index, row) in rows.enumerated() {
                statement.sql(index == 0 ? "(" : ", (")
                statement.bind(.integer(nextRow))
                statement.sql(", ")
                statement.bind(.integer(Int64(version)))
                if composite {
                    statement.sql(", ")
                    statement.bind(layout.key(of: row))
                }
                for (position, value) in row.enumerated() {
                    statement.sql(", ")
                    statement.bind(value, kind: layout.kinds[position])
                }
                statement.sql(")")
                nextRow += 1
            }
            try await session.run(statement)
        }
        rowsWritten += rows.count
    }

    /// The SQLite fast path's INSERT for `rows` rows: `_row` left to SQLite, `_from` a literal.
    private func insertText(rows: Int) -> String {
        if let cached = insertTexts[rows] { return cached }
        let columns = layout.insertColumns.filter { $0 != "_row" }
        let tuple = "(\(version)" + String(repeating: ",?", count: columns.count - 1) + ")"
        let text = "INSERT INTO \(layout.table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ",")
        insertTexts[rows] = text
        return text
    }
}
