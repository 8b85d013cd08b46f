import Foundation
import HashTreeCollections

/// An in-memory search index over the whole catalogue, changed in place as datasets are
/// written.
///
/// Why in memory: catalogue reads (CKAN `package_search`, `package_show`, the portal) outnumber
/// writes by orders of magnitude, and a SQL full-text query plus one GROUP BY per facet costs a
/// millisecond or more, which would put search at a few percent of the node's plain HTTP
/// throughput. So each node holds this index, as CKAN holds a Solr core beside its database;
/// the database stays the source of truth.
///
/// Why changed in place: a harvest writes thousands of datasets in a row into catalogues of a
/// million. Like a Lucene segment, the index only ever appends: a dataset written takes the
/// next position, the position it held before (if any) dies, and a search never sees dead
/// positions. Every store is chunked or a hash trie, so ``apply(upserted:deleted:revision:)``
/// on a copy shares everything it does not touch with the copy readers are using: a write
/// costs its own terms and facet values plus one pass over each sort order, not a rebuild.
/// When dead positions outnumber live ones the index is rebuilt compact.
///
/// Invariants: `slots[p]` is the dataset last written at position `p`, live if `live` holds
/// `p`; text postings, facet value lists and sort orders hold live positions only; postings
/// and value lists ascend by position. A value type: share it freely across tasks, change
/// one copy from one task.
public struct CatalogIndex: Sendable {
    /// The store revision this index reflects.
    public internal(set) var revision: Int64
    /// How many datasets the catalogue holds.
    public internal(set) var count: Int

    var slots: SlotArray<Dataset>
    var live: PositionBits
    var positionByID: TreeDictionary<String, Int32>
    var positionByName: TreeDictionary<String, Int32>
    var positionByDistributionID: TreeDictionary<String, Int32>
    var postings: TreeDictionary<String, PositionList<Posting>>
    var facetColumns: [Facet: FacetColumn]
    /// The ``storedSorts``, each a permutation of the live positions.
    var orders: [DatasetSort: [Int32]]

    struct Posting: Sendable, Positioned {
        var position: Int32
        var weight: Float
    }

    public static let empty = CatalogIndex(revision: 0, datasets: [])

    /// The facets whose values also list their datasets by modification date: CKAN's
    /// `organization` and `groups`, the filters harvesters send with a date range.
    static let datedFacets: [Facet] = [.publisher, .theme]

    /// A compact index of `datasets`, positioned in name order.
    public init(revision: Int64, datasets unsorted: [Dataset]) {
        let datasets = unsorted.sorted { $0.name < $1.name }
        self.revision = revision
        self.count = datasets.count

        var byID: [String: Int32] = [:]
        var byName: [String: Int32] = [:]
        var byDistribution: [String: Int32] = [:]
        var postings: [String: [Posting]] = [:]
        var columns = Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, FacetColumn()) })
        byID.reserveCapacity(datasets.count)
        byName.reserveCapacity(datasets.count)
        for (offset, dataset) in datasets.enumerated() {
            let position = Int32(offset)
            byID[dataset.id] = position
            byName[dataset.name] = position
            for distribution in dataset.distributions { byDistribution[distribution.id] = position }
            for (term, weight) in Self.termWeights(of: dataset) {
                postings[term, default: []].append(Posting(position: position, weight: weight))
            }
            for facet in Facet.allCases { columns[facet]?.append(Self.values(of: facet, in: dataset), modified: dataset.modified) }
        }
        for facet in Self.datedFacets { columns[facet]?.date { datasets[Int($0)].modified } }
        self.slots = SlotArray(datasets)
        self.live = PositionBits(count: datasets.count, filled: true)
        self.positionByID = TreeDictionary(byID)
        self.positionByName = TreeDictionary(byName)
        self.positionByDistributionID = TreeDictionary(byDistribution)
        self.postings = TreeDictionary(postings.mapValues(PositionList.init))
        self.facetColumns = columns
        self.orders = Self.orders(of: datasets.map { OrderKeys($0) })
    }

    // MARK: Lookups

    /// The dataset at a position a lookup or a search gave.
    public func dataset(at position: Int) -> Dataset { slots[position] }

    /// Positions run from zero to this, live or dead: the size of a store kept beside the
    /// index position by position.
    public var positionCount: Int { slots.count }

    /// Whether `position` holds a dataset of the catalogue (not one since changed or deleted).
    public func isLive(_ position: Int) -> Bool { live.contains(Int32(position)) }

    /// Every dataset, in name order (CKAN's `package_list`).
    public var datasetsByName: LazyMapSequence<[Int32], Dataset> {
        (orders[.nameAscending] ?? []).lazy.map { slots[Int($0)] }
    }

    public func position(ofID id: String) -> Int? { positionByID[id].map(Int.init) }
    public func position(ofName name: String) -> Int? { positionByName[name].map(Int.init) }
    /// The dataset holding a distribution (CKAN `resource_show` needs this).
    public func position(ofDistribution id: String) -> Int? { positionByDistributionID[id].map(Int.init) }

    /// A dataset by id or by name, as CKAN's `package_show` accepts either.
    public func position(ofIDOrName key: String) -> Int? {
        position(ofID: key) ?? position(ofName: key)
    }

    /// Every distinct value of a facet across the catalogue, with its dataset count.
    public func allValues(of facet: Facet) -> [FacetCount] {
        guard let column = facetColumns[facet] else { return [] }
        return Self.sortedCounts(column.counts(over: live.positions), values: column.values, limit: nil)
    }

    // MARK: Search

    public func search(_ query: DatasetQuery) -> DatasetSearchResult {
        // 1. Text: positions and scores of datasets matching every term.
        var matches: [Int32]?
        var text: (positions: [Int32], scores: [Float]) = ([], [])
        let terms = Array(Set(Tokenizer.terms(query.text)))
        let ranked = !terms.isEmpty
        if ranked {
            text = positions(withEvery: terms, scored: query.sort == .relevance)
            matches = text.positions
        }

        // 2. Filters, resolved to interned ids once, and the condition: a list when it is
        // narrow, else bits.
        let resolved: [(column: FacetColumn, id: Int32?, negated: Bool)] = query.filters.compactMap { filter in
            guard let column = facetColumns[filter.facet] else { return nil }
            return (column, column.idByValue[filter.value], filter.negated)
        }
        let listed = query.condition == .all ? nil : listedNarrowly(query.condition)
        let condition = query.condition == .all || listed != nil ? nil : positions(matching: query.condition)
        func passes(_ position: Int32) -> Bool {
            if let condition, !condition.contains(position) { return false }
            for filter in resolved {
                let has = filter.id.map { filter.column.contains($0, at: position) } ?? false
                if has == filter.negated { return false }
            }
            return true
        }
        if let listed { matches = matches.map { Self.intersection($0, listed) } ?? listed }
        var selected: [Int32]
        if let matches {
            selected = resolved.isEmpty && condition == nil ? matches : matches.filter(passes)
        } else if let condition, resolved.isEmpty {
            selected = condition.positions
        } else {
            selected = resolved.isEmpty ? live.positions : live.positions.filter(passes)
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
        if query.sort == .relevance, ranked {
            // Each selected match's score: `selected` is an ascending subset of the matches.
            var scores: [Float] = []
            scores.reserveCapacity(selected.count)
            var i = 0
            for position in selected {
                while text.positions[i] < position { i += 1 }
                scores.append(text.scores[i])
            }
            page = Self.top(wanted, of: Array(selected.indices)) { a, b in
                let (sa, sb) = (scores[a], scores[b])
                if sa != sb { return sa > sb }
                let (pa, pb) = (Int(selected[a]), Int(selected[b]))
                let (da, db) = (slots[pa].modified, slots[pb].modified)
                return da != db ? da > db : slots[pa].name < slots[pb].name
            }.map { selected[$0] }
        } else {
            let (stored, reversed) = Self.storage(of: query.sort)
            let order = orders[stored] ?? []
            if total == count {
                page = reversed ? Array(order.reversed().prefix(wanted)) : Array(order.prefix(wanted))
            } else if Self.sortingIsCheaper(selected: total, wanted: wanted, of: count) {
                page = Self.first(wanted, of: selected, in: query.sort, slots: slots)
            } else {
                var isSelected = PositionBits(count: slots.count)
                for position in selected { isSelected.insert(position) }
                page = []
                page.reserveCapacity(min(wanted, total))
                func take(_ position: Int32) -> Bool {
                    guard isSelected.contains(position) else { return true }
                    page.append(position)
                    return page.count < wanted
                }
                if reversed {
                    for position in order.reversed() where !take(position) { break }
                } else {
                    for position in order where !take(position) { break }
                }
            }
        }
        let positions = page.dropFirst(offset).map { Int($0) }
        return DatasetSearchResult(total: total, positions: Array(positions), facets: facets)
    }

    // MARK: Helpers

    private func idf(_ documentFrequency: Int) -> Float {
        Float(log(1 + Double(count) / Double(max(1, documentFrequency))))
    }

    /// The positions, ascending, of datasets whose text holds every term; with `scored`, also
    /// each one's weight (aligned with the positions): the sum over terms of the term's weight
    /// in the dataset times its IDF. Scores live beside the matches, not in an array the size
    /// of the catalogue (4 MB to clear per search at a million datasets).
    func positions(withEvery terms: [String], scored: Bool) -> (positions: [Int32], scores: [Float]) {
        // Rarest term first: the intersection only ever shrinks. IDF once per term.
        let lists = terms.map { postings[$0] ?? PositionList() }.sorted { $0.count < $1.count }
        guard let first = lists.first else { return ([], []) }
        var positions: [Int32] = []
        var scores: [Float] = []
        positions.reserveCapacity(first.count)
        if scored { scores.reserveCapacity(first.count) }
        let firstWeight = idf(first.count)
        for chunk in first.chunks {
            for posting in chunk {
                positions.append(posting.position)
                if scored { scores.append(posting.weight * firstWeight) }
            }
        }
        for list in lists.dropFirst() where !positions.isEmpty {
            let weight = idf(list.count)
            var kept: [Int32] = []
            var keptScores: [Float] = []
            kept.reserveCapacity(min(positions.count, list.count))
            if scored { keptScores.reserveCapacity(kept.capacity) }
            var i = 0
            chunks: for chunk in list.chunks {
                // Skip whole chunks below the next candidate.
                guard let last = chunk.last, last.position >= positions[i] else { continue }
                for posting in chunk {
                    while positions[i] < posting.position {
                        i += 1
                        if i == positions.count { break chunks }
                    }
                    if positions[i] == posting.position {
                        kept.append(posting.position)
                        if scored { keptScores.append(scores[i] + posting.weight * weight) }
                        i += 1
                        if i == positions.count { break chunks }
                    }
                }
            }
            positions = kept
            scores = keptScores
        }
        return (positions, scores)
    }

    /// The elements of two ascending lists that are in both, ascending.
    private static func intersection(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(min(a.count, b.count))
        var (i, j) = (0, 0)
        while i < a.count, j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { result.append(a[i]); i += 1; j += 1 }
        }
        return result
    }

    /// Whether paging `selected` of `count` datasets is cheaper by sorting the selection than by
    /// walking the stored order. The walk passes about `wanted × count / selected` positions,
    /// a bit test each; a sort costs `selected × log₂ selected` key comparisons, each some
    /// dozen times a bit test (strings, dates). The first page of a thousand harvested datasets
    /// in a million is a walk of 9,000 positions; its hundredth page, a sort.
    static func sortingIsCheaper(selected: Int, wanted: Int, of count: Int) -> Bool {
        guard selected > 0 else { return false }
        let walk = Double(min(count, wanted)) * Double(count) / Double(selected)
        let sort = Double(selected) * log2(Double(max(2, selected))) * 32
        return sort < walk
    }

    /// The first `k` of `positions` in `sort` (not relevance with text), their keys read once.
    private static func first(_ k: Int, of positions: [Int32], in sort: DatasetSort, slots: SlotArray<Dataset>) -> [Int32] {
        let titles = sort == .titleAscending || sort == .titleDescending
        let keyed = positions.map { (position: $0, keys: OrderKeys(slots[Int($0)], titles: titles)) }
        return keyed.sorted { precedes($0.keys, $1.keys, in: sort) }.prefix(k).map(\.position)
    }

    /// The best `k` elements in order, without sorting everything when `k` is small.
    private static func top<Item>(_ k: Int, of items: [Item], by better: (Item, Item) -> Bool) -> [Item] {
        guard k > 0 else { return [] }
        if k >= items.count / 4 { return Array(items.sorted(by: better).prefix(k)) }
        var best: [Item] = []
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

    private static func sortedCounts(_ counts: [Int], values: ChunkedArray<String>, limit: Int?) -> [FacetCount] {
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
