/// A ``ChunkedArray`` that keeps each value in an object of its own, for values costly to copy
/// (a `Dataset` holds a dozen strings and arrays, each retained when the value is copied).
///
/// Invariant: a value never changes once appended. Why: appending to a copy of the array
/// copies its last chunk, and with the values inline that was a thousand datasets' worth of
/// retains per catalogue write, and as many releases when the old snapshot went (together
/// about 15% of a write's time at 200,000 datasets, measured with perf); with one object per
/// value it is a thousand retains. Threading as Array's: share freely, append from one task.
public struct SlotArray<Element: Sendable>: RandomAccessCollection, Sendable {
    private final class Slot: Sendable {
        let value: Element

        init(_ value: Element) {
            self.value = value
        }
    }

    private var slots = ChunkedArray<Slot>()

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }

    public subscript(position: Int) -> Element {
        _read { yield slots[position].value }
    }

    public mutating func append(_ element: Element) {
        slots.append(Slot(element))
    }
}
