import Foundation

/// An immutable, in-memory search index over the whole catalogue.
///
/// Why in memory: catalogue reads (CKAN `package_search`, `package_show`, the portal) outnumber
/// writes by orders of magnitude, and a SQL full-text query plus one GROUP BY per facet costs a
/// millisecond or more, which would put search at a few percent of the node's plain HTTP
/// throughput. A national catalogue (thousands to tens of thousands of datasets) fits in a few
/// megabytes, so each node holds this index, as CKAN holds a Solr core beside its database.
/// The database stays the source of truth; the index is rebuilt from it when its revision moves.
///
/// Invariants: `datasets` is sorted by name; positions are indices into it; postings are
/// sorted by position. Facet values are interned per facet so counting is array arithmetic.
public struct CatalogIndex: Sendable {
    /// The store revision this index reflects.
    public let revision: Int64
    public let datasets: [Dataset]

    let positionByID: [String: Int]
    let positionByName: [String: Int]
    private let positionByDistributionID: [String: Int]
    private let postings: [String: [Posting]]
    let facetColumns: [Facet: FacetColumn]
    let orders: [DatasetSort: [Int32]]
    /// Position of each dataset in most-recently-modified order; breaks relevance ties.
    private let recencyRank: [Int32]

    struct Posting: Sendable {
        var position: Int32
        var weight: Float
    }

    /// The distinct values of one facet, and which of them each dataset has, stored flat
    /// (compressed sparse rows): dataset `p` has the value ids `ids[offsets[p] ..< offsets[p + 1]]`.
    /// One array instead of one per dataset: counting a facet touches no reference counts.
    struct FacetColumn: Sendable {
        var values: [String] = []
        var idByValue: [String: Int32] = [:]
        var ids: [Int32] = []
        var offsets: [Int32] = [0]
        /// The positions holding each value id, ascending: the transpose of `ids`, filled by
        /// ``indexPositions()`` once every dataset is appended, so a condition on one value
        /// costs its datasets rather than the catalogue.
        var positionsByValue: [[Int32]] = []

        mutating func append(_ documentValues: [String]) {
            let start = ids.count
            for value in documentValues {
                if let id = idByValue[value] {
                    if !ids[start...].contains(id) { ids.append(id) }
                } else {
                    let id = Int32(values.count)
                    values.append(value)
                    idByValue[value] = id
                    ids.append(id)
                }
            }
            offsets.append(Int32(ids.count))
        }

        mutating func indexPositions() {
            var lists = [[Int32]](repeating: [], count: values.count)
            for position in 0..<(offsets.count - 1) {
                for k in Int(offsets[position])..<Int(offsets[position + 1]) { lists[Int(ids[k])].append(Int32(position)) }
            }
            positionsByValue = lists
        }

        func contains(_ id: Int32, at position: Int32) -> Bool {
            ids[Int(offsets[Int(position)])..<Int(offsets[Int(position) + 1])].contains(id)
        }

        /// How many of `positions` have each value, indexed by value id.
        func counts(over positions: [Int32]) -> [Int] {
            var counts = [Int](repeating: 0, count: values.count)
            ids.withUnsafeBufferPointer { ids in
                offsets.withUnsafeBufferPointer { offsets in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for position in positions {
                            for k in Int(offsets[Int(position)])..<Int(offsets[Int(position) + 1]) {
                                counts[Int(ids[k])] += 1
                            }
                        }
                    }
                }
            }
            return counts
        }
    }

    public static let empty = CatalogIndex(revision: 0, datasets: [])

    public init(revision: Int64, datasets unsorted: [Dataset]) {
        let datasets = unsorted.sorted { $0.name < $1.name }
        self.revision = revision
        self.datasets = datasets

        var byID: [String: Int] = [:]
        var byName: [String: Int] = [:]
        var byDistribution: [String: Int] = [:]
        var postings: [String: [Posting]] = [:]
        var columns = Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, FacetColumn()) })
        byID.reserveCapacity(datasets.count)
        byName.reserveCapacity(datasets.count)

        for (position, dataset) in datasets.enumerated() {
            byID[dataset.id] = position
            byName[dataset.name] = position
            for distribution in dataset.distributions { byDistribution[distribution.id] = position }
            for (term, weight) in Self.termWeights(of: dataset) {
                postings[term, default: []].append(Posting(position: Int32(position), weight: weight))
            }
            for facet in Facet.allCases {
                columns[facet, default: FacetColumn()].append(Self.values(of: facet, in: dataset))
            }
        }
        self.positionByID = byID
        self.positionByName = byName
        self.positionByDistributionID = byDistribution
        self.postings = postings
        for facet in Facet.allCases { columns[facet]?.indexPositions() }
        self.facetColumns = columns

        let all = Array(0..<Int32(datasets.count))
        func ordered(_ areInIncreasingOrder: (Dataset, Dataset) -> Bool) -> [Int32] {
            all.sorted { areInIncreasingOrder(datasets[Int($0)], datasets[Int($1)]) }
        }
        let newestFirst = ordered { ($0.modified, $1.name) > ($1.modified, $0.name) }
        // Identifiers are unique, so one sort serves both directions.
        let idOrder = ordered { $0.id < $1.id }
        var recency = [Int32](repeating: 0, count: datasets.count)
        for (rank, position) in newestFirst.enumerated() { recency[Int(position)] = Int32(rank) }
        self.recencyRank = recency
        self.orders = [
            .relevance: newestFirst,
            .modifiedDescending: newestFirst,
            .modifiedAscending: ordered { ($0.modified, $0.name) < ($1.modified, $1.name) },
            .issuedDescending: ordered { ($0.issued, $1.name) > ($1.issued, $0.name) },
            .issuedAscending: ordered { ($0.issued, $0.name) < ($1.issued, $1.name) },
            .nameAscending: all,
            .nameDescending: all.reversed(),
            .idAscending: idOrder,
            .idDescending: idOrder.reversed(),
            .titleAscending: ordered { ($0.title.lowercased(), $0.name) < ($1.title.lowercased(), $1.name) },
            .titleDescending: ordered { ($0.title.lowercased(), $1.name) > ($1.title.lowercased(), $0.name) },
        ]
    }

    // MARK: Lookups

    public var count: Int { datasets.count }

    public func position(ofID id: String) -> Int? { positionByID[id] }
    public func position(ofName name: String) -> Int? { positionByName[name] }
    /// The dataset holding a distribution (CKAN `resource_show` needs this).
    public func position(ofDistribution id: String) -> Int? { positionByDistributionID[id] }

    /// A dataset by id or by name, as CKAN's `package_show` accepts either.
    public func position(ofIDOrName key: String) -> Int? {
        positionByID[key] ?? positionByName[key]
    }

    /// Every distinct value of a facet across the catalogue, with its dataset count.
    public func allValues(of facet: Facet) -> [FacetCount] {
        guard let column = facetColumns[facet] else { return [] }
        return Self.sortedCounts(column.counts(over: Array(0..<Int32(datasets.count))), values: column.values, limit: nil)
    }

    // MARK: Search

    public func search(_ query: DatasetQuery) -> DatasetSearchResult {
        let n = datasets.count
        // 1. Text: positions and scores of datasets matching every term.
        var matches: [Int32]?
        var scoring: [Float]?
        let terms = Array(Set(Tokenizer.terms(query.text)))
        if !terms.isEmpty {
            scoring = [Float](repeating: 0, count: n)
            matches = positions(withEvery: terms, scores: &scoring)
        }
        let scores = scoring ?? []

        // 2. Filters, resolved to interned ids once, and the condition, as bits.
        let resolved: [(column: FacetColumn, id: Int32?, negated: Bool)] = query.filters.compactMap { filter in
            guard let column = facetColumns[filter.facet] else { return nil }
            return (column, column.idByValue[filter.value], filter.negated)
        }
        let condition = query.condition == .all ? nil : positions(matching: query.condition)
        func passes(_ position: Int32) -> Bool {
            if let condition, !condition.contains(position) { return false }
            for filter in resolved {
                let has = filter.id.map { filter.column.contains($0, at: position) } ?? false
                if has == filter.negated { return false }
            }
            return true
        }
        var selected: [Int32]
        if let matches {
            selected = resolved.isEmpty && condition == nil ? matches : matches.filter(passes)
        } else if let condition, resolved.isEmpty {
            selected = condition.positions
        } else {
            selected = resolved.isEmpty ? Array(0..<Int32(n)) : (0..<Int32(n)).filter(passes)
        }

        // 3. Facet counts over everything selected.
        var facets: [Facet: [FacetCount]] = [:]
        for facet in query.facets {
            guard let column = facetColumns[facet] else { continue }
            facets[facet] = Self.sortedCounts(column.counts(over: selected), values: column.values, limit: query.facetLimit)
        }

        // 4. Order and page.
        let total = selected.count
        let offset = max(0, query.offset)
        let wanted = offset + max(0, query.limit)
        var page: [Int32]
        if query.sort == .relevance, matches != nil {
            page = Self.top(wanted, of: selected) { a, b in
                let (sa, sb) = (scores[Int(a)], scores[Int(b)])
                return sa != sb ? sa > sb : recencyRank[Int(a)] < recencyRank[Int(b)]
            }
        } else if let order = orders[query.sort] {
            if total == n {
                page = Array(order.prefix(wanted))
            } else {
                var isSelected = [Bool](repeating: false, count: n)
                for position in selected { isSelected[Int(position)] = true }
                page = []
                page.reserveCapacity(min(wanted, total))
                for position in order where isSelected[Int(position)] {
                    page.append(position)
                    if page.count == wanted { break }
                }
            }
        } else {
            page = selected
        }
        let positions = page.dropFirst(offset).map { Int($0) }
        return DatasetSearchResult(total: total, positions: Array(positions), facets: facets)
    }

    // MARK: Helpers

    private func idf(_ documentFrequency: Int, _ documentCount: Int) -> Float {
        Float(log(1 + Double(documentCount) / Double(max(1, documentFrequency))))
    }

    /// The positions, ascending, of datasets whose text holds every term; when relevance needs
    /// it, `scores` (one per dataset) gains each match's weight: the term's weight in the
    /// dataset times its IDF.
    func positions(withEvery terms: [String], scores: inout [Float]?) -> [Int32] {
        // Rarest term first: the intersection only ever shrinks. IDF once per term.
        let lists = terms.map { postings[$0] ?? [] }.sorted { $0.count < $1.count }
        guard let first = lists.first else { return [] }
        var positions: [Int32] = []
        positions.reserveCapacity(first.count)
        let firstWeight = idf(first.count, datasets.count)
        for posting in first {
            positions.append(posting.position)
            scores?[Int(posting.position)] += posting.weight * firstWeight
        }
        for list in lists.dropFirst() where !positions.isEmpty {
            let weight = idf(list.count, datasets.count)
            var kept: [Int32] = []
            kept.reserveCapacity(min(positions.count, list.count))
            var i = 0
            var j = 0
            while i < positions.count, j < list.count {
                if positions[i] == list[j].position {
                    kept.append(positions[i])
                    scores?[Int(positions[i])] += list[j].weight * weight
                    i += 1
                    j += 1
                } else if positions[i] < list[j].position {
                    i += 1
                } else {
                    j += 1
                }
            }
            positions = kept
        }
        return positions
    }

    /// The best `k` elements in order, without sorting everything when `k` is small.
    private static func top(_ k: Int, of items: [Int32], by better: (Int32, Int32) -> Bool) -> [Int32] {
        guard k > 0 else { return [] }
        if k >= items.count / 4 { return Array(items.sorted(by: better).prefix(k)) }
        var best: [Int32] = []
        best.reserveCapacity(k + 1)
        for item in items {
            if best.count == k, let last = best.last, !better(item, last) { continue }
            var index = best.count
            while index > 0, better(item, best[index - 1]) { index -= 1 }
            best.insert(item, at: index)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    private static func sortedCounts(_ counts: [Int], values: [String], limit: Int?) -> [FacetCount] {
        var result: [FacetCount] = []
        for (id, count) in counts.enumerated() where count > 0 {
            result.append(FacetCount(value: values[id], count: count))
        }
        result.sort { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        if let limit, limit >= 0, result.count > limit { result.removeLast(result.count - limit) }
        return result
    }

    /// Field weights: a word in the title says more about a dataset than one in its description.
    static func termWeights(of dataset: Dataset) -> [String: Float] {
        var weights: [String: Float] = [:]
        for term in Tokenizer.terms(dataset.title) { weights[term, default: 0] += 3 }
        for keyword in dataset.keywords { for term in Tokenizer.terms(keyword) { weights[term, default: 0] += 2 } }
        for term in Tokenizer.terms(dataset.description) { weights[term, default: 0] += 1 }
        return weights.mapValues { 1 + log($0) }
    }

    static func values(of facet: Facet, in dataset: Dataset) -> [String] {
        switch facet {
        case .publisher: return [dataset.publisher]
        case .theme: return dataset.themes.map(\.rawValue)
        case .keyword: return dataset.keywords
        case .license: return [dataset.license]
        case .accessRights: return [dataset.accessRights.rawValue]
        case .format: return dataset.formats
        }
    }
}
