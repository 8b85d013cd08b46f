/// A catalogue search: free text, facet filters, order and page. The API, the CKAN
/// `package_search` action and the portal all translate into this one type.
public struct DatasetQuery: Sendable, Hashable {
    /// Free text matched against title, keywords and description; every term must match.
    public var text: String
    /// Facet constraints; a dataset must satisfy every one.
    public var filters: [FacetFilter]
    public var sort: DatasetSort
    public var offset: Int
    public var limit: Int
    /// The facets to count over the matching datasets.
    public var facets: [Facet]
    /// How many values to return per facet, most frequent first (nil: all).
    public var facetLimit: Int?

    public static let maxLimit = 1_000

    public init(
        text: String = "", filters: [FacetFilter] = [], sort: DatasetSort = .relevance, offset: Int = 0,
        limit: Int = 10, facets: [Facet] = [], facetLimit: Int? = 50
    ) {
        self.text = text
        self.filters = filters
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
    /// Other values that also satisfy the filter (`organization:a OR organization:b`), so a
    /// harvester can ask for several publishers at once.
    public var alternatives: [String]

    public init(_ facet: Facet, _ value: String, negated: Bool = false, alternatives: [String] = []) {
        self.facet = facet
        self.value = value
        self.negated = negated
        self.alternatives = alternatives
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
