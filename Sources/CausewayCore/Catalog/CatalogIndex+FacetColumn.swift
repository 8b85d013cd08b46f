import Foundation
import HashTreeCollections

extension CatalogIndex {
    /// The distinct values of one facet, and which of them each dataset has.
    ///
    /// Invariants: a value keeps its id for the column's life (a value no dataset has any more
    /// counts zero and is never listed); the dataset at position `p` has the value ids
    /// `ids[offsets[p] ..< offsets[p + 1]]` (compressed sparse rows, appended as positions are,
    /// so counting a facet touches no reference counts); `positionsByValue[id]` lists the live
    /// positions with value `id`, ascending, so a condition on one value costs its datasets
    /// rather than the catalogue. Every store is chunked: a write copies what it touches.
    ///
    /// A dated column (organisations and groups, what harvesters filter by) also keeps each
    /// value's positions in modification order, `datedByValue[id]`, holding exactly the
    /// positions of `positionsByValue[id]`: "these organisations' datasets changed since the
    /// last harvest" is then read from the list, not tested dataset by dataset.
    struct FacetColumn: Sendable {
        var values = ChunkedArray<String>()
        var idByValue: TreeDictionary<String, Int32> = [:]
        var ids = ChunkedArray<Int32>()
        var offsets = ChunkedArray<Int32>([0])
        var positionsByValue = ChunkedArray<PositionList<Int32>>()
        private(set) var datedByValue: ChunkedArray<DateOrderedList>?

        /// Adds the next position, holding `documentValues` (duplicates count once), last
        /// modified at `modified`.
        mutating func append(_ documentValues: [String], modified: Date) {
            let position = Int32(offsets.count - 1)
            let start = ids.count
            for value in documentValues {
                let id: Int32
                if let known = idByValue[value] {
                    id = known
                } else {
                    id = Int32(values.count)
                    values.append(value)
                    idByValue[value] = id
                    positionsByValue.append(PositionList())
                    datedByValue?.append(DateOrderedList())
                }
                if (start..<ids.count).contains(where: { ids[$0] == id }) { continue }
                ids.append(id)
                positionsByValue[Int(id)].append(position)
                datedByValue?[Int(id)].insert(.init(modified: modified, position: position))
            }
            offsets.append(Int32(ids.count))
        }

        /// Takes a dead position, last modified at `modified`, out of the value lists (its row
        /// stays, unread, until the index is compacted).
        mutating func remove(at position: Int32, modified: Date) {
            for k in rows(at: position) {
                positionsByValue[Int(ids[k])].remove(position)
                datedByValue?[Int(ids[k])].remove(.init(modified: modified, position: position))
            }
        }

        /// Starts keeping each value's positions in modification order (`modified(p)` is the
        /// date of live position `p`): one sort per value, for a freshly built column.
        mutating func date(by modified: (Int32) -> Date) {
            datedByValue = ChunkedArray(positionsByValue.map { list in
                DateOrderedList(sorting: list.chunks.joined().map { .init(modified: modified($0), position: $0) })
            })
        }

        func rows(at position: Int32) -> Range<Int> {
            Int(offsets[Int(position)])..<Int(offsets[Int(position) + 1])
        }

        func contains(_ id: Int32, at position: Int32) -> Bool {
            rows(at: position).contains { ids[$0] == id }
        }

        /// How many of `positions` have each value, indexed by value id.
        func counts(over positions: [Int32]) -> [Int] {
            var counts = [Int](repeating: 0, count: values.count)
            counts.withUnsafeMutableBufferPointer { counts in
                for position in positions {
                    for k in rows(at: position) { counts[Int(ids[k])] += 1 }
                }
            }
            return counts
        }
    }
}
