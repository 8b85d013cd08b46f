import CausewayCore
import CausewayStore
import Foundation
import NIOCore

/// The JSON of registry records, written by hand from the stored text: the read of a record
/// by identifier is the registry's hot path, and its stored document is already the `record`
/// object, so it is copied, not decoded and encoded again.
enum RecordRendering {
    /// A record as it is now. `fields`, when given, keeps only those (a reader under an agreement).
    static func current(_ current: CurrentRecord, registry: Registry, id: String, fields: [String]? = nil) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (current.document?.utf8.count ?? 0))
        head(registry: registry.code, id: id, into: &out)
        raw(",\"record\":", &out)
        if let document = current.document {
            if let fields {
                RecordDocument.append(RecordDocument.decode(document, schema: registry.schema) ?? [:], order: fields, to: &out)
            } else {
                out.append(contentsOf: document.utf8)
            }
        } else {
            raw("null", &out)
        }
        raw(",\"retired\":\(current.document == nil),\"validFrom\":", &out)
        JSONString.append(Timestamp.string(current.validFrom), to: &out)
        raw(",\"underInvestigation\":\(current.openReports > 0),\"sequence\":\(current.sequence)}", &out)
        return ByteBuffer(bytes: out)
    }

    /// A version read with `validAt` / `knownAt`, with both of its time ranges.
    static func version(_ version: RecordVersion, registry: Registry, id: String, validAt: Date, knownAt: Date, underInvestigation: Bool,
                        fields: [String]? = nil) -> ByteBuffer {
        var out: [UInt8] = []
        head(registry: registry.code, id: id, into: &out)
        raw(",\"validAt\":", &out)
        JSONString.append(Timestamp.string(validAt), to: &out)
        raw(",\"knownAt\":", &out)
        JSONString.append(Timestamp.string(knownAt), to: &out)
        raw(",", &out)
        body(version, order: fields ?? registry.schema.fieldNames, author: nil, into: &out)
        raw(",\"underInvestigation\":\(underInvestigation)}", &out)
        return ByteBuffer(bytes: out)
    }

    /// Every version of a record. Authors are shown to the owner's people only.
    static func history(_ versions: [RecordVersion], registry: Registry, id: String, showAuthors: Bool) -> ByteBuffer {
        var out: [UInt8] = []
        head(registry: registry.code, id: id, into: &out)
        raw(",\"versions\":[", &out)
        for (index, version) in versions.enumerated() {
            if index > 0 { raw(",", &out) }
            raw("{", &out)
            body(version, order: registry.schema.fieldNames, author: showAuthors ? version.author : nil, into: &out)
            raw("}", &out)
        }
        raw("]}", &out)
        return ByteBuffer(bytes: out)
    }

    private static func head(registry: String, id: String, into out: inout [UInt8]) {
        raw("{\"registry\":", &out)
        JSONString.append(registry, to: &out)
        raw(",\"id\":", &out)
        JSONString.append(id, to: &out)
    }

    private static func body(_ version: RecordVersion, order: [String], author: String?, into out: inout [UInt8]) {
        raw("\"record\":", &out)
        if let values = version.values {
            RecordDocument.append(values, order: order, to: &out)
        } else {
            raw("null", &out)
        }
        raw(",\"retired\":\(version.isRetired)", &out)
        for (key, date) in [("validFrom", version.validFrom), ("validTo", version.validTo), ("recordedFrom", version.recordedFrom),
                            ("recordedTo", version.recordedTo)] as [(String, Date?)] {
            raw(",\"\(key)\":", &out)
            if let date { JSONString.append(Timestamp.string(date), to: &out) } else { raw("null", &out) }
        }
        raw(",\"reason\":", &out)
        JSONString.append(version.reason, to: &out)
        if let author {
            raw(",\"author\":", &out)
            JSONString.append(author, to: &out)
        }
    }

    private static func raw(_ text: String, _ out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }
}
