import Foundation

/// One version of a registry record on both time axes: what the record said (`values`, or
/// retired) for the **valid time** `validFrom..<validTo` (when it was true in the world), as
/// Causeway knew it during the **record time** `recordedFrom..<recordedTo` (when it was the
/// registry's belief). An open end (`nil`) runs to now and beyond.
///
/// Versions are never edited in place except to close their record time: that is what lets a
/// reader ask "as we knew it on 1 March" and get, forever, the answer they would have got then.
public struct RecordVersion: Sendable, Hashable {
    /// The record's fields by name; nil when the record is retired for this period.
    public var values: [String: CellValue]?
    public var validFrom: Date
    public var validTo: Date?
    public var recordedFrom: Date
    public var recordedTo: Date?
    /// Why the owner wrote it (every registry write carries one), and who did.
    public var reason: String
    public var author: String

    public init(values: [String: CellValue]?, validFrom: Date, validTo: Date? = nil, recordedFrom: Date, recordedTo: Date? = nil,
                reason: String, author: String) {
        self.values = values
        self.validFrom = validFrom
        self.validTo = validTo
        self.recordedFrom = recordedFrom
        self.recordedTo = recordedTo
        self.reason = reason
        self.author = author
    }

    public var isRetired: Bool { values == nil }

    /// Whether the version was true at `validAt`, as known at `knownAt`.
    public func holds(validAt: Date, knownAt: Date) -> Bool {
        validFrom <= validAt && validTo.map { validAt < $0 } ?? true
            && recordedFrom <= knownAt && recordedTo.map { knownAt < $0 } ?? true
    }

    /// Whether the version is part of what the registry believes now.
    public var isCurrentKnowledge: Bool { recordedTo == nil }
}
