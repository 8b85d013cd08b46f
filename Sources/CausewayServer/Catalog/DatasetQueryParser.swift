import CausewayCore

/// Reads `GET /api/v1/datasets` parameters into a ``DatasetQuery``:
/// `q`, one parameter per facet (repeatable; `-value` excludes), `sort`, `offset`, `limit`,
/// `facets` (comma-separated facet names) and `facetLimit`.
enum DatasetQueryParser {
    static func parse(_ parameters: QueryParameters) throws -> DatasetQuery {
        var query = DatasetQuery()
        query.text = parameters.string("q") ?? ""
        guard query.text.count <= 1_000 else { throw Problem.badParameter("q", "must be at most 1,000 characters") }
        for facet in Facet.allCases {
            for value in parameters.all(facet.rawValue) {
                let negated = value.hasPrefix("-")
                query.filters.append(FacetFilter(facet, negated ? String(value.dropFirst()) : value, negated: negated))
            }
        }
        if let sort = parameters.string("sort") {
            guard let parsed = DatasetSort(rawValue: sort) else {
                throw Problem.badParameter("sort", "must be one of \(DatasetSort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.sort = parsed
        }
        query.offset = try parameters.int("offset", default: 0, range: 0...1_000_000)
        query.limit = try parameters.int("limit", default: 20, range: 0...DatasetQuery.maxLimit)
        query.facetLimit = try parameters.int("facetLimit", default: 50, range: 0...10_000)
        if let facets = parameters.string("facets"), !facets.isEmpty {
            query.facets = try facets.split(separator: ",").map { name in
                guard let facet = Facet(rawValue: String(name)) else {
                    throw Problem.badParameter("facets", "unknown facet '\(name)'; use \(Facet.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return facet
            }
        }
        return query
    }
}
