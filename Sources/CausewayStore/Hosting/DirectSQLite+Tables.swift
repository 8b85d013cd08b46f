import CausewayCore

extension DirectSQLite {
    /// A hosted-table statement's rows, each column read as its storage kind (as ``TableSession``).
    func rows(_ statement: TableStatement, columns: [(name: String, kind: StorageKind)]) throws -> [[CellValue]] {
        try rows(statement.sqliteText, statement.sqliteBinds.map(SQLValue.init)).map { row in
            columns.indices.map { index in index < row.count ? columns[index].kind.read(row[index]) : .null }
        }
    }
}

extension TableLayout {
    /// Whether `query` on the latest version is one probe of the key index: an equality on the
    /// one-field primary key, no word search, no count. Such a read is short enough to run
    /// on the caller's thread (``Database/directRead(_:)``).
    func isKeyProbe(_ query: RecordQuery) -> Bool {
        guard keyFields.count == 1, query.words.isEmpty, !query.includeTotal, query.offset == 0 else { return false }
        return query.filters.contains { $0.field == keyFields[0] && $0.comparison == .eq && $0.values.count == 1 && !$0.values[0].isNull }
    }
}
