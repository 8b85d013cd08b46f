import Foundation

extension AuditEvent {
    /// The event as the JSON document the store keeps: what `JSONEncoder` with sorted keys and
    /// seconds-since-1970 dates would write (and `JSONDecoder` reads back to an equal event),
    /// built directly because the gateway writes one per call and the encoder was a twelfth of
    /// a key lookup's cost. These are the transparency log's canonical entry bytes
    /// (docs/transparency-log.md), so the rules here are a published format.
    public var document: String {
        String(decoding: documentBytes, as: UTF8.self)
    }

    /// Reads a document back (an entry's canonical bytes, as the log stores and serves them).
    public init(document: Data) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        self = try decoder.decode(AuditEvent.self, from: document)
    }

    /// ``document`` as UTF-8 bytes, built in one buffer (string appends were a quarter of the
    /// log's CPU time).
    public var documentBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + details.count * 48)
        func raw(_ text: StaticString) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }
        raw("{")
        if let actor {
            raw("\"actor\":")
            JSONString.append(actor, to: &out)
            raw(",")
        }
        raw("\"agencies\":[")
        for (index, agency) in agencies.enumerated() {
            if index > 0 { raw(",") }
            JSONString.append(agency, to: &out)
        }
        raw("],\"at\":")
        out.append(contentsOf: at.timeIntervalSince1970.shortestText.utf8)
        raw(",\"details\":{")
        for (index, key) in details.keys.sorted().enumerated() {
            if index > 0 { raw(",") }
            JSONString.append(key, to: &out)
            raw(":")
            JSONString.append(details[key] ?? "", to: &out)
        }
        raw("},\"kind\":")
        JSONString.append(kind, to: &out)
        raw(",")
        if let reason {
            raw("\"reason\":")
            JSONString.append(reason, to: &out)
            raw(",")
        }
        raw("\"subject\":")
        JSONString.append(subject, to: &out)
        raw("}")
        return out
    }
}

/// JSON string literals (RFC 8259 §7): quotes, backslashes and control characters escaped,
/// nothing else.
public enum JSONString {
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal. Most strings need no escape at all and are
    /// copied whole; the rest are escaped byte by byte, which is safe in UTF-8 because no byte
    /// of a multi-byte character is below 0x80.
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            out.append(0x22)
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c }) else {
                out.append(contentsOf: bytes)
                out.append(0x22)
                return
            }
            for byte in bytes {
                switch byte {
                case 0x22: out += [0x5c, 0x22]
                case 0x5c: out += [0x5c, 0x5c]
                case 0x0a: out += [0x5c, 0x6e]
                case 0x0d: out += [0x5c, 0x72]
                case 0x09: out += [0x5c, 0x74]
                case ..<0x20: out += [0x5c, 0x75, 0x30, 0x30, hexDigit(byte >> 4), hexDigit(byte & 0x0f)]
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }
}
