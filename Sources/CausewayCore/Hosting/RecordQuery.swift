/// A query over one version of a hosted table, with fields named by their position in the
/// schema: field names never reach SQL, so no name can inject anything.
public struct RecordQuery: Sendable, Hashable {
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case eq, gt, gte, lt, lte
    }

    public struct Filter: Sendable, Hashable {
        public var field: Int
        public var comparison: Comparison
        /// One value, or several for "any of" (CKAN's list filters); only with `eq`.
        public var values: [CellValue]

        public init(field: Int, comparison: Comparison = .eq, values: [CellValue]) {
            self.field = field
            self.comparison = comparison
            self.values = values
        }
    }

    public struct Order: Sendable, Hashable {
        public var field: Int
        public var descending: Bool

        public init(field: Int, descending: Bool = false) {
            self.field = field
            self.descending = descending
        }
    }

    public static let maxLimit = 10_000

    public var filters: [Filter] = []
    /// Lower-cased words that must all appear in some text field.
    public var words: [String] = []
    /// The fields to return, in order; nil for all.
    public var fields: [Int]?
    public var sort: [Order] = []
    public var limit = 100
    public var offset = 0
    /// Keyset paging in table order: rows after this row id.
    public var afterRow: Int64?
    public var includeTotal = false

    public init() {}
}

/// One page of records.
public struct RecordPage: Sendable {
    public var version: DataVersion
    /// Schema positions of the returned columns.
    public var fields: [Int]
    public var rows: [[CellValue]]
    /// The table's row id of each row, for cursors and CKAN's `_id`.
    public var rowIDs: [Int64]
    public var total: Int?

    public init(version: DataVersion, fields: [Int], rows: [[CellValue]], rowIDs: [Int64], total: Int?) {
        self.version = version
        self.fields = fields
        self.rows = rows
        self.rowIDs = rowIDs
        self.total = total
    }
}
