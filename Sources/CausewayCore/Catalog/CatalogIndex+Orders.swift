import Dispatch
import Foundation
import Synchronization

/// The index's sort orders: each a permutation of the live positions, kept sorted so a page of
/// a listing is a walk from its start.
extension CatalogIndex {
    /// What one dataset sorts by, its title lowercased once (and only for an order by title:
    /// lowercasing is the costliest part of a key).
    struct OrderKeys: Sendable {
        let modified: Date
        let issued: Date
        let name: String
        let id: String
        let title: String

        init(_ dataset: Dataset, titles: Bool = true) {
            modified = dataset.modified
            issued = dataset.issued
            name = dataset.name
            id = dataset.id
            title = titles ? dataset.title.lowercased() : ""
        }
    }

    /// The orders the index keeps. The others are one of these read backwards, or (relevance
    /// without text) the newest first; those whose ties break by name ascending in both
    /// directions are kept both ways.
    static let storedSorts: [DatasetSort] = [
        .modifiedDescending, .modifiedAscending, .issuedDescending, .issuedAscending,
        .nameAscending, .idAscending, .titleAscending, .titleDescending,
    ]

    /// Which stored order `sort` reads, and whether backwards (names and identifiers are
    /// unique, so their descending order is the ascending one reversed).
    static func storage(of sort: DatasetSort) -> (sort: DatasetSort, reversed: Bool) {
        switch sort {
        case .relevance: return (.modifiedDescending, false)
        case .nameDescending: return (.nameAscending, true)
        case .idDescending: return (.idAscending, true)
        default: return (sort, false)
        }
    }

    /// Whether `a` comes before `b` in `sort`; ties break by name, ascending.
    static func precedes(_ a: OrderKeys, _ b: OrderKeys, in sort: DatasetSort) -> Bool {
        switch sort {
        case .relevance, .modifiedDescending: return (a.modified, b.name) > (b.modified, a.name)
        case .modifiedAscending: return (a.modified, a.name) < (b.modified, b.name)
        case .issuedDescending: return (a.issued, b.name) > (b.issued, a.name)
        case .issuedAscending: return (a.issued, a.name) < (b.issued, b.name)
        case .nameAscending: return a.name < b.name
        case .nameDescending: return a.name > b.name
        case .idAscending: return a.id < b.id
        case .idDescending: return a.id > b.id
        case .titleAscending: return (a.title, a.name) < (b.title, b.name)
        case .titleDescending: return (a.title, b.name) > (b.title, a.name)
        }
    }

    /// Every stored order of a fresh index whose positions are already in name order, sorted
    /// on every core (at a million datasets each sort is seconds of string comparisons, and
    /// they are independent).
    static func orders(of keys: [OrderKeys]) -> [DatasetSort: [Int32]] {
        let all = Array(0..<Int32(keys.count))
        let sorted = Mutex<[DatasetSort: [Int32]]>([:])
        DispatchQueue.concurrentPerform(iterations: storedSorts.count) { slot in
            let sort = storedSorts[slot]
            let order = sort == .nameAscending ? all : all.sorted { precedes(keys[Int($0)], keys[Int($1)], in: sort) }
            sorted.withLock { $0[sort] = order }
        }
        return sorted.withLock { $0 }
    }

    /// `order` without `removed` (positions that just died; their datasets are still in their
    /// slots) and with `added` (positions it does not hold yet), each in its place: a binary
    /// search per position and one pass copying the order, not a sort of the catalogue. (At a
    /// million datasets an order is 4 MB, and a write touches eight of them: each is copied
    /// once, never shifted.)
    func merged(_ order: [Int32], in sort: DatasetSort, removing removed: [Int32], adding added: [Int32]) -> [Int32] {
        let titles = sort == .titleAscending || sort == .titleDescending
        let keys = { (position: Int32) in OrderKeys(slots[Int(position)], titles: titles) }
        // Where the removed ones are; many removals (a compaction's worth) filter instead.
        var skipped: [Int] = []
        if removed.count <= 16, let indices = indices(of: removed, in: order, sort: sort, keys: keys) {
            skipped = indices.sorted()
        } else if !removed.isEmpty {
            return merged(order.filter { live.contains($0) }, in: sort, removing: [], adding: added)
        }
        if skipped.isEmpty && added.isEmpty { return order }
        // Where each added one goes, as an index into `order` (before any removal).
        let incoming = added.map { ($0, keys($0)) }.sorted { Self.precedes($0.1, $1.1, in: sort) }
        var inserts: [(at: Int, position: Int32)] = []
        var from = order.startIndex
        for (position, key) in incoming {
            from = order[from...].partitioningIndex { !Self.precedes(keys($0), key, in: sort) }
            inserts.append((from, position))
        }
        var result: [Int32] = []
        result.reserveCapacity(order.count - skipped.count + inserts.count)
        var copied = 0
        var (skip, insert) = (0, 0)
        while true {
            let stop = min(skip < skipped.count ? skipped[skip] : order.count, insert < inserts.count ? inserts[insert].at : order.count)
            result.append(contentsOf: order[copied..<stop])
            copied = stop
            if insert < inserts.count, inserts[insert].at == stop {
                result.append(inserts[insert].position)
                insert += 1
            } else if skip < skipped.count {
                copied = stop + 1
                skip += 1
            } else {
                break
            }
        }
        return result
    }

    /// Where each of `positions` is in `order`, by binary search; nil if one is not found
    /// there. Keys are unique within an order (ties break by name), so the search lands on the
    /// position itself.
    private func indices(of positions: [Int32], in order: [Int32], sort: DatasetSort, keys: (Int32) -> OrderKeys) -> [Int]? {
        var indices: [Int] = []
        for position in positions {
            let key = keys(position)
            let at = order.partitioningIndex { !Self.precedes(keys($0), key, in: sort) }
            guard at < order.count, order[at] == position else { return nil }
            indices.append(at)
        }
        return indices
    }
}
