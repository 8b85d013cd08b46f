/// Something stored under a dataset position: a text posting, or the position itself.
protocol Positioned {
    var position: Int32 { get }
}

extension Int32: Positioned {
    var position: Int32 { self }
}

/// A list ascending by dataset position, kept in chunks of at most 1,024 so a change to a
/// copy shares every chunk but one (see ``ChunkedArray`` for why).
///
/// Invariant: positions strictly ascend across the list, and no chunk is empty. New positions
/// only ever arrive above every other (a dataset written takes the index's next position), and
/// leave from anywhere (a dataset changed or deleted), which is what ``append(_:)`` and
/// ``remove(_:)`` allow. A value type with Array's threading rules.
struct PositionList<Element: Positioned> {
    private(set) var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    /// `elements` must ascend by position.
    init(_ elements: [Element]) {
        chunks = elements.chunked()
        count = elements.count
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) {
        precondition(chunks.last?.last.map { $0.position < element.position } ?? true, "positions must ascend")
        if let last = chunks.indices.last, chunks[last].count < ChunkedArray<Element>.chunkSize {
            chunks[last].append(element)
        } else {
            chunks.append([element])
        }
        count += 1
    }

    /// Removes the element at `position`, if the list holds one: a binary search for its chunk,
    /// then one chunk changed.
    mutating func remove(_ position: Int32) {
        let chunk = chunks.partitioningIndex { ($0.last?.position ?? .max) >= position }
        guard chunk < chunks.count else { return }
        let offset = chunks[chunk].partitioningIndex { $0.position >= position }
        guard offset < chunks[chunk].count, chunks[chunk][offset].position == position else { return }
        chunks[chunk].remove(at: offset)
        if chunks[chunk].isEmpty { chunks.remove(at: chunk) }
        count -= 1
    }

    /// Every element, ascending (the rarest posting list of a search is read whole).
    var elements: [Element] {
        chunks.count == 1 ? chunks[0] : Array(chunks.joined())
    }
}

extension PositionList: Sendable where Element: Sendable {}
