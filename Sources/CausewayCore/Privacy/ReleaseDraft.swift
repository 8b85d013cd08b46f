/// What a steward asks to publish: a set of noisy tables computed from one hosted table of
/// theirs, released as a new open dataset (for example cases by region and by week).
///
/// Each table is a ``PrivateQuery`` and is answered exactly as an analyst's would be, so a
/// release carries the same guarantee and the same stated accuracy; the total loss is the
/// sum of the tables' losses, which the dataset's metadata states (``ReleasePrivacy``).
///
/// ```json
/// {"source": "census-2021-microdata-sample", "name": "census-2021-people-by-region",
///  "title": "People by region (census 2021, with differential privacy)",
///  "description": "…", "tables": [{"title": "People by region",
///  "query": {"statistic": "count", "groupBy": ["region_code"], "loss": {"rho": 0.05}}}]}
/// ```
public struct ReleaseDraft: Sendable, Hashable, Codable {
    public struct Table: Sendable, Hashable, Codable {
        public var title: String
        public var description: String?
        public var query: PrivateQuery

        public init(title: String, description: String? = nil, query: PrivateQuery) {
            self.title = title
            self.description = description
            self.query = query
        }
    }

    /// The hosted dataset the figures are computed from (id or name).
    public var source: String
    /// The new dataset's URL name.
    public var name: String
    public var title: String
    public var description: String
    /// An open licence id; CC-BY-4.0 when left out.
    public var license: String?
    public var keywords: [String]?
    public var tables: [Table]

    public static let maxTables = 20
    public static let defaultLicense = "CC-BY-4.0"

    public init(source: String, name: String, title: String, description: String, license: String? = nil,
                keywords: [String]? = nil, tables: [Table]) {
        self.source = source
        self.name = name
        self.title = title
        self.description = description
        self.license = license
        self.keywords = keywords
        self.tables = tables
    }

    /// Checks what the dataset's own validation does not: how many tables, their titles, and
    /// that no table's query names another dataset.
    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.requireText(source, "/source", maxLength: 200)
        validator.check((1...Self.maxTables).contains(tables.count), "/tables", "give 1 to \(Self.maxTables) tables")
        for (index, table) in tables.enumerated() {
            validator.requireText(table.title, "/tables/\(index)/title", maxLength: 300)
            validator.limitText(table.description, "/tables/\(index)/description", maxLength: 5_000)
            if let named = table.query.dataset {
                validator.check(named == source, "/tables/\(index)/query/dataset", "a release's tables are computed from its source ('\(source)'); leave this out")
            }
        }
        try validator.finish()
    }
}
