import CausewayCore
import NIOCore

/// Writes records as JSON, JSON Lines or CSV straight into byte buffers: a page of ten thousand
/// rows is rendered without building a tree of values first.
enum RecordRenderer {
    enum Format: String, Sendable {
        case json, jsonl, csv

        var contentType: String {
            switch self {
            case .json: return "application/json; charset=utf-8"
            case .jsonl: return "application/jsonl; charset=utf-8"
            case .csv: return "text/csv; charset=utf-8"
            }
        }
    }

    static func writeJSON(_ value: CellValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeStaticString("null")
        case .integer(let number): buffer.writeString(String(number))
        case .number(let number):
            if number.isFinite {
                buffer.writeString(number.shortestText)
            } else {
                JSONWriter.writeString(number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity", into: &buffer)
            }
        case .boolean(let flag): buffer.writeString(flag ? "true" : "false")
        case .text(let text): JSONWriter.writeString(text, into: &buffer)
        }
    }

    /// One record as a JSON object of `names` to values (names pre-rendered as JSON strings with a colon).
    static func writeObject(_ row: [CellValue], keys: [String], leading: [(String, CellValue)] = [], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{")
        var first = true
        for (key, value) in leading {
            if !first { buffer.writeStaticString(",") }
            first = false
            buffer.writeString(key)
            writeJSON(value, into: &buffer)
        }
        for (key, value) in zip(keys, row) {
            if !first { buffer.writeStaticString(",") }
            first = false
            buffer.writeString(key)
            writeJSON(value, into: &buffer)
        }
        buffer.writeStaticString("}")
    }

    static func writeArray(_ row: [CellValue], leading: [CellValue] = [], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("[")
        for (index, value) in (leading + row).enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            writeJSON(value, into: &buffer)
        }
        buffer.writeStaticString("]")
    }

    /// `"name":` for each name, rendered once per response.
    static func keys(_ names: [String]) -> [String] {
        names.map { JSONWriter.text(.string($0)) + ":" }
    }

    static func csvText(_ value: CellValue) -> String {
        value.plainText
    }

    static func writeCSVRow(_ cells: [String], into buffer: inout ByteBuffer) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            if cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                buffer.writeStaticString("\"")
                buffer.writeString(cell.replacingOccurrences(of: "\"", with: "\"\""))
                buffer.writeStaticString("\"")
            } else {
                buffer.writeString(cell)
            }
        }
        buffer.writeStaticString("\r\n")
    }
}
