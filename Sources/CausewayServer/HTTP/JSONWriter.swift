import CausewayCore
import NIOCore

/// Writes ``JSONValue`` as JSON text straight into a buffer.
///
/// Foundation's `JSONEncoder` on Linux costs tens of microseconds for a few dozen small
/// objects, which is most of a faceted search's time; this writer does the same in a few.
/// Output matches the encoder's `.sortedKeys` form: object keys in order, no white space.
enum JSONWriter {
    static func write(_ value: JSONValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeStaticString("null")
        case .bool(let flag): buffer.writeStaticString(flag ? "true" : "false")
        case .number(let number):
            if !number.isFinite {
                buffer.writeStaticString("null")
            } else {
                buffer.writeString(number.shortestText)
            }
        case .integer(let number): buffer.writeString(String(number))
        case .string(let text): writeString(text, into: &buffer)
        case .array(let items):
            buffer.writeStaticString("[")
            for (index, item) in items.enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                write(item, into: &buffer)
            }
            buffer.writeStaticString("]")
        case .object(let members):
            buffer.writeStaticString("{")
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                writeString(key, into: &buffer)
                buffer.writeStaticString(":")
                if let member = members[key] { write(member, into: &buffer) }
            }
            buffer.writeStaticString("}")
        }
    }

    static func bytes(_ value: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(value, into: &buffer)
        return buffer
    }

    static func text(_ value: JSONValue) -> String {
        String(buffer: bytes(value))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7); all
    /// other UTF-8 passes through unchanged.
    static func writeString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("\"")
        let utf8 = text.utf8
        // Fast path: nothing to escape.
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer.writeString(text)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x08: buffer.writeStaticString("\\b")
                case 0x0C: buffer.writeStaticString("\\f")
                case ..<0x20:
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0x0F)])
                default:
                    buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeStaticString("\"")
    }
}
