/// Mapping a large collection on every core, for work that is pure and costly per element
/// (decoding or rendering a catalogue of a million datasets at start).
extension RandomAccessCollection where Self: Sendable, Element: Sendable, SubSequence: Sendable, Index == Int {
    /// `transform` of every element, in the collection's order, computed in slices of
    /// `size` elements, each slice a child task. Why slices: a task per element would cost more
    /// than most transforms; a slice of a few thousand keeps every core busy to the end. A
    /// collection of at most one slice is mapped on the calling task.
    public func concurrentMap<T: Sendable>(slicesOf size: Int, _ transform: @escaping @Sendable (Element) throws -> T) async throws -> [T] {
        guard count > size else { return try map(transform) }
        let starts = Array(stride(from: startIndex, to: endIndex, by: size))
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for (number, start) in starts.enumerated() {
                let slice = self[start..<Swift.min(start + size, endIndex)]
                group.addTask { (number, try slice.map(transform)) }
            }
            var parts = [[T]](repeating: [], count: starts.count)
            for try await (number, part) in group { parts[number] = part }
            return parts.flatMap { $0 }
        }
    }
}
