import CausewayCore

extension DirectSQLite {
    /// A hosted-table statement's rows, each column read as its storage kind (as ``TableSession``).
    func rows(_ statement: TableStatement, columns: [(name: String, kind: StorageKind)]) throws -> [[CellValue]] {
        try rows(statement.sqliteText, statement.binds.map(Self.value)).map { row in
            columns.indices.map { index in index < row.count ? columns[index].kind.read(row[index]) : .null }
        }
    }

    private static func value(_ cell: CellValue) -> SQLValue {
        switch cell {
        case .null: return .null
        case .integer(let value): return .integer(value)
        case .number(let value): return value.isNaN ? .null : .real(value)
        case .boolean(let value): return .integer(value ? 1 : 0)
        case .text(let value): return .text(value)
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

extension StorageKind {
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
}
