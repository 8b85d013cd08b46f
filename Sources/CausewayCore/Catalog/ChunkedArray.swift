/// An array kept as chunks of 1,024 elements, so that changing a copy shares every chunk but
/// the one changed.
///
/// Invariant: every chunk but the last holds exactly ``chunkSize`` elements, so element `i` is
/// `chunks[i / chunkSize][i % chunkSize]`. Why: a catalogue snapshot is read by every request
/// in flight while the next one is made from it. With one flat array, appending a dataset to a
/// copy of a million copied the million (copy on write); with chunks it copies at most one
/// chunk and the list of chunks, a thousand references per million. A value type with Array's
/// threading rules: share freely, mutate one copy from one task.
public struct ChunkedArray<Element>: RandomAccessCollection {
    static var chunkShift: Int { 10 }
    /// Elements per chunk.
    public static var chunkSize: Int { 1 << chunkShift }
    private static var chunkMask: Int { chunkSize - 1 }

    private(set) var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        _read { yield chunks[position >> Self.chunkShift][position & Self.chunkMask] }
        _modify { yield &chunks[position >> Self.chunkShift][position & Self.chunkMask] }
    }

    public mutating func append(_ element: Element) {
        if count & Self.chunkMask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(element)
            chunks.append(chunk)
        } else {
            chunks[chunks.count - 1].append(element)
        }
        count += 1
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension Array {
    /// This array cut into chunks of ``ChunkedArray/chunkSize`` (the last one shorter), in
    /// order: how the index's chunked lists start from elements they are given whole.
    func chunked() -> [[Element]] {
        stride(from: 0, to: count, by: ChunkedArray<Element>.chunkSize).map { start in
            Array(self[start..<Swift.min(count, start + ChunkedArray<Element>.chunkSize)])
        }
    }
}
