import Foundation

/// Dataset positions in the order of their modification dates, in chunks, so "which of this
/// organisation's datasets changed since Monday" is two binary searches and a copy of what
/// lies between, however big the catalogue.
///
/// Invariant: entries strictly ascend by (modified, position) across the list; no chunk is
/// empty or longer than twice ``ChunkedArray/chunkSize``. Unlike a ``PositionList``, an entry
/// may arrive anywhere (a harvested dataset keeps its source's date), so a chunk that grows
/// too long is split: a change to a copy copies one chunk and the list of chunks. Each entry
/// carries its date, so a search reads only the list, never the datasets (at a million
/// datasets every dataset read is a cache miss). A value type with Array's threading rules.
struct DateOrderedList: Sendable {
    struct Entry: Sendable, Comparable {
        var modified: Date
        var position: Int32

        static func < (a: Entry, b: Entry) -> Bool { (a.modified, a.position) < (b.modified, b.position) }
    }

    private(set) var chunks: [[Entry]] = []
    private(set) var count = 0

    private static var longest: Int { 2 * ChunkedArray<Entry>.chunkSize }

    init() {}

    /// The list of `entries`, in any order.
    init(sorting entries: [Entry]) {
        chunks = entries.sorted().chunked()
        count = entries.count
    }

    mutating func insert(_ entry: Entry) {
        // The first chunk whose last entry comes after it, or the last chunk.
        guard !chunks.isEmpty else {
            chunks = [[entry]]
            count = 1
            return
        }
        let chunk = min(chunks.count - 1, chunks.partitioningIndex { ($0.last ?? entry) > entry })
        let offset = chunks[chunk].partitioningIndex { $0 > entry }
        chunks[chunk].insert(entry, at: offset)
        count += 1
        if chunks[chunk].count > Self.longest {
            let half = chunks[chunk].count / 2
            let upper = Array(chunks[chunk][half...])
            chunks[chunk].removeSubrange(half...)
            chunks.insert(upper, at: chunk + 1)
        }
    }

    /// Removes `entry` if the list holds it (the caller knows the date it was listed under).
    mutating func remove(_ entry: Entry) {
        let chunk = chunks.partitioningIndex { ($0.last ?? entry) >= entry }
        guard chunk < chunks.count else { return }
        let offset = chunks[chunk].partitioningIndex { $0 >= entry }
        guard offset < chunks[chunk].count, chunks[chunk][offset] == entry else { return }
        chunks[chunk].remove(at: offset)
        if chunks[chunk].isEmpty { chunks.remove(at: chunk) }
        count -= 1
    }

    /// How many entries fall in `range`, without copying them.
    func count(in range: CatalogCondition.DateRange) -> Int {
        let (start, end) = bounds(of: range)
        guard start < end else { return 0 }
        if start.chunk == end.chunk { return end.offset - start.offset }
        var total = chunks[start.chunk].count - start.offset + end.offset
        for chunk in (start.chunk + 1)..<end.chunk { total += chunks[chunk].count }
        return total
    }

    /// The positions of the entries in `range`, in date order.
    func positions(in range: CatalogCondition.DateRange) -> [Int32] {
        let (start, end) = bounds(of: range)
        var positions: [Int32] = []
        guard start < end else { return positions }
        for chunk in start.chunk...min(end.chunk, chunks.count - 1) {
            let from = chunk == start.chunk ? start.offset : 0
            let to = chunk == end.chunk ? end.offset : chunks[chunk].count
            for entry in chunks[chunk][from..<to] { positions.append(entry.position) }
        }
        return positions
    }

    /// A place in the list: an offset into a chunk (`chunks.count, 0` is the end).
    private struct Place: Comparable {
        var chunk: Int
        var offset: Int

        static func < (a: Place, b: Place) -> Bool { (a.chunk, a.offset) < (b.chunk, b.offset) }
    }

    /// Where the entries in `range` start and end.
    private func bounds(of range: CatalogCondition.DateRange) -> (start: Place, end: Place) {
        let start = range.lower.map { bound in
            place { range.includesLower ? $0.modified >= bound : $0.modified > bound }
        } ?? Place(chunk: 0, offset: 0)
        let end = range.upper.map { bound in
            place { range.includesUpper ? $0.modified > bound : $0.modified >= bound }
        } ?? Place(chunk: chunks.count, offset: 0)
        return (start, end)
    }

    /// The first entry for which `isAfter` holds; it must be false for a prefix of the list.
    private func place(where isAfter: (Entry) -> Bool) -> Place {
        let chunk = chunks.partitioningIndex { $0.last.map(isAfter) ?? true }
        guard chunk < chunks.count else { return Place(chunk: chunks.count, offset: 0) }
        return Place(chunk: chunk, offset: chunks[chunk].partitioningIndex(where: isAfter))
    }
}
