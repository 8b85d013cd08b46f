/// A catalogue search: free text, facet filters, order and page. The API, the CKAN
/// `package_search` action and the portal all translate into this one type.
public struct DatasetQuery: Sendable, Hashable {
    /// Free text matched against title, keywords and description; every term must match.
    public var text: String
    /// Facet constraints; a dataset must satisfy every one.
    public var filters: [FacetFilter]
    /// Anything else a dataset must satisfy (OR across fields, ranges, groups): what CKAN's
    /// query syntax adds to the portal's text and facets.
    public var condition: CatalogCondition
    public var sort: DatasetSort
    public var offset: Int
    public var limit: Int
    /// The facets to count over the matching datasets.
    public var facets: [Facet]
    /// How many values to return per facet, most frequent first (nil: all).
    public var facetLimit: Int?

    public static let maxLimit = 1_000

    public init(
        text: String = "", filters: [FacetFilter] = [], condition: CatalogCondition = .all, sort: DatasetSort = .relevance,
        offset: Int = 0, limit: Int = 10, facets: [Facet] = [], facetLimit: Int? = 50
    ) {
        self.text = text
        self.filters = filters
        self.condition = condition
        self.sort = sort
        self.offset = offset
        self.limit = limit
        self.facets = facets
        self.facetLimit = facetLimit
    }
}

/// A property datasets are counted and filtered by.
public enum Facet: String, Sendable, Hashable, CaseIterable, Codable {
    case publisher, theme, keyword, license, accessRights, format
}

/// `facet = value`, or its negation.
public struct FacetFilter: Sendable, Hashable {
    public var facet: Facet
    public var value: String
    public var negated: Bool

    public init(_ facet: Facet, _ value: String, negated: Bool = false) {
        self.facet = facet
        self.value = value
        self.negated = negated
    }
}

public enum DatasetSort: String, Sendable, Hashable, CaseIterable {
    /// Best text match first, then most recently modified. Without text, most recently modified.
    case relevance
    case nameAscending = "name"
    case nameDescending = "-name"
    case titleAscending = "title"
    case titleDescending = "-title"
    case modifiedAscending = "modified"
    case modifiedDescending = "-modified"
    case issuedAscending = "issued"
    case issuedDescending = "-issued"
    /// By identifier: the stable order a harvester pages through (`sort=id asc`), which a
    /// change to a dataset does not reorder.
    case idAscending = "id"
    case idDescending = "-id"
}

/// One facet value and how many matching datasets have it.
public struct FacetCount: Sendable, Hashable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// A page of search results: positions into the index they came from, so callers can reuse
/// anything the index pre-rendered for each dataset.
public struct DatasetSearchResult: Sendable {
    public var total: Int
    public var positions: [Int]
    public var facets: [Facet: [FacetCount]]
}
