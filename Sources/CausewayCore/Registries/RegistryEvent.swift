import Foundation

/// One change of a registry, as its feed carries it: a CloudEvents 1.0 event, numbered by a
/// gap-free per-registry `sequence`, so that a reader who has seen event N knows it has missed
/// nothing and asks for what comes after N (by pull, stream or webhook alike).
public struct RegistryEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case created, updated, retired, corrected
        case reportOpened = "report.opened"
        case reportResolved = "report.resolved"

        /// The CloudEvents `type`: reverse-DNS, as the specification recommends; a record's
        /// changes are `…registry.record.*`, its error reports `…registry.report.*`.
        public var type: String {
            rawValue.hasPrefix("report.") ? "gov.causeway.registry.\(rawValue)" : "gov.causeway.registry.record.\(rawValue)"
        }
    }

    public var registry: String
    public var owner: String
    public var sequence: UInt64
    public var kind: Kind
    /// The record's identifier (the CloudEvents `subject`).
    public var record: String
    public var time: Date
    /// The record as it is now (nil when retired); for a feed read through the gateway, only
    /// the agreed fields.
    public var values: [String: CellValue]?
    /// What the change says beyond the record: the reason, a correction's `validFrom`, a report.
    public var details: [String: String]

    public init(registry: String, owner: String, sequence: UInt64, kind: Kind, record: String, time: Date,
                values: [String: CellValue]?, details: [String: String] = [:]) {
        self.registry = registry
        self.owner = owner
        self.sequence = sequence
        self.kind = kind
        self.record = record
        self.time = time
        self.values = values
        self.details = details
    }

    /// The event with only `fields` of the record: what a reader under an agreement receives.
    public func reduced(to fields: Set<String>) -> RegistryEvent {
        var copy = self
        copy.values = values?.filter { fields.contains($0.key) }
        return copy
    }

    /// The CloudEvents JSON document (structured mode), keys in a fixed order. The `id` is the
    /// registry and sequence, unique and stable, so a redelivered event is recognisably the
    /// same; `sequence` is zero-padded so that it also orders as text, as the CloudEvents
    /// sequence extension asks.
    public func document(baseURL: String) -> [UInt8] {
        var out: [UInt8] = []
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func string(_ text: String) { JSONString.append(text, to: &out) }
        let padded = String(sequence)
        raw("{\"specversion\":\"1.0\",\"id\":")
        string("\(owner)/\(registry)/\(sequence)")
        raw(",\"source\":")
        string("\(baseURL)/api/v1/registries/\(registry)")
        raw(",\"type\":")
        string(kind.type)
        raw(",\"subject\":")
        string(record)
        raw(",\"time\":")
        string(UTCTime(time).iso8601)
        raw(",\"sequence\":")
        string(String(repeating: "0", count: max(0, 20 - padded.count)) + padded)
        raw(",\"datacontenttype\":\"application/json\",\"data\":{\"record\":")
        if let values {
            RecordDocument.append(values, order: values.keys.sorted(), to: &out)
        } else {
            raw("null")
        }
        for key in details.keys.sorted() {
            raw(",")
            string(key)
            raw(":")
            string(details[key] ?? "")
        }
        raw("}}")
        return out
    }
}
