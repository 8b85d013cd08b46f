import Foundation

/// A registry record's whole bitemporal history, and the one way it changes.
///
/// Invariants, which every write keeps and the tests check after random sequences of writes:
/// - the versions of current knowledge (`recordedTo == nil`) never overlap in valid time;
/// - a write at record time `T` only closes record times at `T` and adds versions recorded from
///   `T`, so every read with `knownAt < T` gives what it gave before the write: a correction
///   never rewrites what a past reader was told;
/// - record time only moves forward: a write older than the newest one is refused.
///
/// A value type with no I/O: the store keeps the versions, the node decides the times.
public struct RecordHistory: Sendable, Hashable {
    public private(set) var versions: [RecordVersion]

    public init(versions: [RecordVersion] = []) {
        self.versions = versions
    }

    /// What a write does to the record from its `validFrom` on.
    public enum Change: Sendable, Hashable {
        /// The whole record (a create, or a `PUT`): these values from `validFrom` on.
        case replace([String: CellValue])
        /// Some fields (a `PATCH`): set these (`.null` clears) in every version from `validFrom`
        /// on, keeping the later changes of the other fields.
        case patch([String: CellValue])
        /// Retire the record from `validFrom` on (a `DELETE`); nothing is erased.
        case retire
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The record has no version from `validFrom` on to patch or retire.
        case nothingToChange
        /// The write's record time is before the record's newest one.
        case recordTimeWentBack
    }

    /// The version true at `validAt` as known at `knownAt` (both default to "now": the current
    /// belief about the present), or nil when the record did not exist then.
    public func version(validAt: Date, knownAt: Date) -> RecordVersion? {
        versions.first { $0.holds(validAt: validAt, knownAt: knownAt) }
    }

    /// The versions of current knowledge, in valid-time order.
    public var current: [RecordVersion] {
        versions.filter(\.isCurrentKnowledge).sorted { $0.validFrom < $1.validFrom }
    }

    /// The newest record time of any version: a new write must not be older.
    public var lastRecorded: Date? {
        versions.flatMap { [$0.recordedFrom] + ($0.recordedTo.map { [$0] } ?? []) }.max()
    }

    /// Applies `change` from valid time `validFrom` on, recorded at `now`. Returns the versions
    /// the write added (the store inserts them and closes the record time of the ones it
    /// replaced, which keep their place in `versions`).
    @discardableResult
    public mutating func apply(_ change: Change, validFrom: Date, at now: Date, reason: String, author: String) throws(Failure) -> [RecordVersion] {
        if let last = lastRecorded, now < last { throw .recordTimeWentBack }
        var added: [RecordVersion] = []
        var touched = false
        for index in versions.indices where versions[index].isCurrentKnowledge {
            let old = versions[index]
            guard old.validTo.map({ $0 > validFrom }) ?? true else { continue }
            touched = true
            versions[index].recordedTo = now
            if old.validFrom < validFrom {
                // The part before the change stays as it was, known anew from now.
                var before = old
                before.validTo = validFrom
                before.recordedFrom = now
                before.recordedTo = nil
                added.append(before)
            }
            var after = old
            after.validFrom = max(old.validFrom, validFrom)
            after.recordedFrom = now
            after.recordedTo = nil
            after.reason = reason
            after.author = author
            switch change {
            case .replace(let values): after.values = values
            case .patch(let fields): after.values = old.values.map { $0.merging(fields) { _, new in new } }
            case .retire: after.values = nil
            }
            added.append(after)
        }
        if case .replace(let values) = change {
            // Valid time from `validFrom` on that no version covers (a new record, or a record
            // that began later than the correction says) takes the new values too.
            for gap in Self.gaps(in: current + added, from: validFrom) {
                added.append(RecordVersion(values: values, validFrom: gap.from, validTo: gap.to, recordedFrom: now, reason: reason, author: author))
                touched = true
            }
        }
        guard touched else { throw .nothingToChange }
        // A patch of a retired period leaves it retired; nothing else to record for it.
        versions += added
        return added
    }

    /// The stretches of valid time from `start` on that none of `versions` covers.
    static func gaps(in versions: [RecordVersion], from start: Date) -> [(from: Date, to: Date?)] {
        var gaps: [(from: Date, to: Date?)] = []
        var cursor: Date? = start
        for version in versions.sorted(by: { $0.validFrom < $1.validFrom }) {
            guard let from = cursor else { break }
            if let end = version.validTo, end <= from { continue }
            if version.validFrom > from { gaps.append((from, version.validFrom)) }
            cursor = version.validTo.map { max($0, from) }
        }
        if let from = cursor { gaps.append((from, nil)) }
        return gaps
    }
}
