import Foundation

/// A registry record's values as one JSON object: how the store keeps a version, how the API
/// answers, and how the feed's events carry it. The text is written once per write and read
/// back without the schema only for answers; `decode` needs the schema because JSON does not
/// tell a whole number from a decimal one.
public enum RecordDocument {
    /// The object with the schema's fields in the schema's order (missing ones as `null`);
    /// fields the schema does not have are left out.
    public static func encode(_ values: [String: CellValue], schema: TableSchema) -> String {
        var out: [UInt8] = []
        append(values, order: schema.fieldNames, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the object with `order`'s keys, in that order, to `out`.
    public static func append(_ values: [String: CellValue], order: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, key) in order.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(values[key] ?? .null, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendValue(_ value: CellValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .number(let number): out.append(contentsOf: (number.isFinite ? number.shortestText : "null").utf8)
        case .boolean(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .text(let text): JSONString.append(text, to: &out)
        }
    }

    /// The values of a stored object, typed by `schema`; nil when the text is not an object.
    public static func decode(_ text: String, schema: TableSchema) -> [String: CellValue]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        var values: [String: CellValue] = [:]
        for field in schema.fields {
            values[field.name] = cell(object[field.name], type: field.type)
        }
        return values
    }

    static func cell(_ value: Any?, type: TableSchema.FieldType) -> CellValue {
        switch value {
        case nil, is NSNull: return .null
        case let text as String: return .text(text)
        case let number as NSNumber:
            switch type {
            case .integer, .year: return .integer(number.int64Value)
            case .boolean: return .boolean(number.boolValue)
            default: return .number(number.doubleValue)
            }
        default: return .null
        }
    }
}
