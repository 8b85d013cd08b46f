/// Writing datasets into an index in place (see ``CatalogIndex`` for why it only appends).
extension CatalogIndex {
    /// What ``CatalogIndex/apply(upserted:deleted:revision:)`` did to positions, for the stores
    /// kept beside the index position by position (each dataset's rendered forms).
    public enum Update: Sendable, Equatable {
        /// `appended` are new positions, `removed` died; every other position kept its dataset.
        case appended(Range<Int>, removed: [Int])
        /// The index was rebuilt compact, so every position may hold another dataset.
        case rebuilt
    }

    /// Dead positions tolerated before a rebuild, at least; beyond it, as many as live ones.
    /// A rebuild costs the whole catalogue, so it waits until memory would otherwise double,
    /// which keeps its cost per write constant.
    static let compactionFloor = 4_096

    /// Writes `upserted` (new datasets, or new versions of held ones, matched by id) and takes
    /// out the datasets `deleted` names, moving the index to `revision`.
    ///
    /// Cost: the written datasets' terms and facet values, one binary search per written
    /// dataset and sort order, and one copy of each sort order (the orders are plain arrays:
    /// at a million datasets that is 4 MB each, a fraction of a millisecond).
    @discardableResult
    public mutating func apply(upserted: [Dataset], deleted: [String], revision: Int64) -> Update {
        var removed: [Int32] = []
        for id in deleted + upserted.map(\.id) {
            guard let position = positionByID[id], live.contains(position) else { continue }
            kill(position)
            removed.append(position)
        }
        let first = slots.count
        for dataset in upserted { append(dataset) }
        self.revision = revision
        if slots.count - count > max(Self.compactionFloor, count) {
            self = CatalogIndex(revision: revision, datasets: live.positions.map { slots[Int($0)] })
            return .rebuilt
        }
        let added = Array(Int32(first)..<Int32(slots.count))
        if !removed.isEmpty || !added.isEmpty {
            for sort in Self.storedSorts {
                orders[sort] = merged(orders[sort] ?? [], in: sort, removing: removed, adding: added)
            }
        }
        return .appended(first..<slots.count, removed: removed.map(Int.init))
    }

    /// Takes the dataset at `position` out of every lookup, posting list and value list; it
    /// stays in its slot, unread, until the next rebuild.
    private mutating func kill(_ position: Int32) {
        let dataset = slots[Int(position)]
        for term in Self.termWeights(of: dataset).keys {
            postings[term]?.remove(position)
            if postings[term]?.isEmpty == true { postings[term] = nil }
        }
        for facet in Facet.allCases { facetColumns[facet]?.remove(at: position, modified: dataset.modified) }
        if positionByID[dataset.id] == position { positionByID[dataset.id] = nil }
        if positionByName[dataset.name] == position { positionByName[dataset.name] = nil }
        for distribution in dataset.distributions where positionByDistributionID[distribution.id] == position {
            positionByDistributionID[distribution.id] = nil
        }
        live.remove(position)
        count -= 1
    }

    /// Puts `dataset` at the next position.
    private mutating func append(_ dataset: Dataset) {
        let position = Int32(slots.count)
        slots.append(dataset)
        live.grow(to: slots.count)
        live.insert(position)
        count += 1
        positionByID[dataset.id] = position
        positionByName[dataset.name] = position
        for distribution in dataset.distributions { positionByDistributionID[distribution.id] = position }
        for (term, weight) in Self.termWeights(of: dataset) {
            postings[term, default: PositionList()].append(Posting(position: position, weight: weight))
        }
        for facet in Facet.allCases { facetColumns[facet]?.append(Self.values(of: facet, in: dataset), modified: dataset.modified) }
    }
}
