import CausewayCore

/// `/datasets`: the catalogue search, with the API's relevance and facets. The address holds
/// the whole state (`q`, one parameter per facet value, `sort`, `page`), so every result page
/// can be bookmarked and shared, and works without JavaScript.
struct SearchPage {
    struct FacetGroup {
        var name: String
        var label: String
        var values: [FacetLink]
    }

    struct ActiveFilter {
        var label: String
        var removeHref: String
    }

    struct PageLink {
        var number: Int
        var href: String
        var current: Bool
    }

    /// A filter the search form carries along when the text changes.
    struct HiddenField {
        var name: String
        var value: String
    }

    struct SortOption {
        var value: String
        var label: String
        var selected: Bool
    }

    var chrome: PageChrome
    var q: String
    var total: String
    var results: [DatasetSummary]
    var facets: [FacetGroup]
    var filters: [ActiveFilter]
    var hiddenFilters: [HiddenField]
    var pages: [PageLink]
    var previous: String?
    var next: String?
    var sorts: [SortOption]
    var clearHref: String?

    static let pageSize = 20
    static let labels: [(Facet, String)] = [
        (.publisher, "Agency"), (.theme, "Theme"), (.format, "Format"), (.accessRights, "Access"), (.license, "Licence"), (.keyword, "Tag"),
    ]
    static let sortLabels: [(DatasetSort, String)] = [
        (.relevance, "Best match"), (.modifiedDescending, "Recently updated"), (.titleAscending, "Title A–Z"), (.issuedDescending, "Newest"),
    ]

    /// The query a request's parameters ask for, with the portal's paging (`page`, 20 a page).
    static func query(_ parameters: QueryParameters) throws -> (query: DatasetQuery, page: Int) {
        var api = parameters.values
        for name in ["offset", "limit", "facets", "facetLimit", "page"] { api[name] = nil }
        var query = try DatasetQueryParser.parse(QueryParameters(values: api))
        let page = try parameters.int("page", default: 1, range: 1...10_000)
        query.offset = (page - 1) * pageSize
        query.limit = pageSize
        query.facets = labels.map(\.0)
        query.facetLimit = 12
        return (query, page)
    }

    init(chrome: PageChrome, query: DatasetQuery, page: Int, snapshot: CatalogSnapshot) {
        self.chrome = chrome
        let result = snapshot.index.search(query)
        q = query.text
        total = PageText.plural(result.total, "dataset")
        results = result.positions.map { DatasetSummary(snapshot.index.dataset(at: $0), snapshot: snapshot) }
        var state = QueryString()
        if !query.text.isEmpty { state.append("q", query.text) }
        for filter in query.filters { state.append(filter.facet.rawValue, (filter.negated ? "-" : "") + filter.value) }
        if query.sort != .relevance { state.append("sort", query.sort.rawValue) }
        let base = state
        func label(_ facet: Facet, _ value: String) -> String {
            switch facet {
            case .publisher: snapshot.agency(value)?.name ?? value
            case .theme: Theme(rawValue: value)?.label ?? value
            case .accessRights: AccessRights(rawValue: value)?.label ?? value
            case .license: License.named(value)?.title ?? value
            case .keyword, .format: value
            }
        }
        facets = Self.labels.compactMap { facet, name in
            let values = (result.facets[facet] ?? []).map { count in
                let selected = query.filters.contains { $0.facet == facet && $0.value == count.value && !$0.negated }
                let href = selected ? base.removing(facet.rawValue, value: count.value) : { var next = base; next.append(facet.rawValue, count.value); return next }()
                return FacetLink(label: label(facet, count.value), href: href.url("/datasets"), count: PageText.count(count.count), selected: selected)
            }
            return values.isEmpty ? nil : FacetGroup(name: facet.rawValue, label: name, values: values)
        }
        filters = query.filters.map { filter in
            ActiveFilter(label: "\(Self.labels.first { $0.0 == filter.facet }?.1 ?? filter.facet.rawValue): \(filter.negated ? "not " : "")\(label(filter.facet, filter.value))",
                         removeHref: base.removing(filter.facet.rawValue, value: (filter.negated ? "-" : "") + filter.value).url("/datasets"))
        }
        hiddenFilters = query.filters.map { HiddenField(name: $0.facet.rawValue, value: ($0.negated ? "-" : "") + $0.value) }
        clearHref = query.filters.isEmpty && query.text.isEmpty ? nil : "/datasets"
        let pageCount = max(1, (result.total + Self.pageSize - 1) / Self.pageSize)
        // A page past the last (an old link, a typed address) still gets the links around the last.
        let first = max(1, min(page, pageCount) - 3)
        let window = first...min(pageCount, first + 6)
        func link(_ number: Int) -> String { (number == 1 ? base : base.setting("page", String(number))).url("/datasets") }
        pages = pageCount > 1 ? window.map { PageLink(number: $0, href: link($0), current: $0 == page) } : []
        previous = page > 1 ? link(page - 1) : nil
        next = page < pageCount ? link(page + 1) : nil
        sorts = Self.sortLabels.map { SortOption(value: $0.0.rawValue, label: $0.1, selected: $0.0 == query.sort) }
    }
}
