import CausewayCore
import Foundation

/// Reads `/api/v1/datasets/{id}/records` parameters into a ``RecordQuery``, checking every
/// field name against the schema and every filter value against its field's type.
///
/// Filters are `where[field]=value` (equality) and `where[field][gt|gte|lt|lte]=value`.
enum RecordQueryParser {
    static let known: Set<String> = ["distribution", "version", "q", "fields", "sort", "limit", "offset", "cursor", "total", "format"]

    static func parse(_ parameters: QueryParameters, schema: TableSchema) throws -> RecordQuery {
        var query = RecordQuery()
        try parameters.only(known, prefixes: ["where["], hint: " (filters are where[field]=value)")
        query.limit = try parameters.int("limit", default: 100, range: 0...RecordQuery.maxLimit)
        query.offset = try parameters.int("offset", default: 0, range: 0...Int(Int32.max))
        query.includeTotal = try parameters.bool("total", default: false)
        query.words = words(parameters.string("q") ?? "")
        if let fields = parameters.string("fields") {
            query.fields = try names(fields, "fields").map { try position($0, in: schema, parameter: "fields") }
        }
        if let sort = parameters.string("sort") {
            query.sort = try names(sort, "sort").map { item in
                let descending = item.hasPrefix("-")
                let name = descending ? String(item.dropFirst()) : item
                return .init(field: try position(name, in: schema, parameter: "sort"), descending: descending)
            }
        }
        for (key, values) in parameters.values.sorted(by: { $0.key < $1.key }) where key.hasPrefix("where[") {
            let (name, comparison) = try filterKey(key)
            let field = try position(name, in: schema, parameter: key)
            for text in values {
                query.filters.append(.init(field: field, comparison: comparison, values: [try value(text, field: schema.fields[field], parameter: key)]))
            }
        }
        return query
    }

    /// `where[name]` or `where[name][op]`.
    private static func filterKey(_ key: String) throws -> (String, RecordQuery.Comparison) {
        let body = key.dropFirst("where[".count)
        guard body.hasSuffix("]"), body.count > 1 else {
            throw Problem.badParameter(key, "filters are where[field] or where[field][op] with op one of eq, gt, gte, lt, lte")
        }
        let inner = body.dropLast()
        if let split = inner.range(of: "][", options: .backwards),
           let comparison = RecordQuery.Comparison(rawValue: String(inner[split.upperBound...])) {
            return (String(inner[..<split.lowerBound]), comparison)
        }
        return (String(inner), .eq)
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init).filter { !$0.isEmpty }
    }

    static func names(_ text: String, _ parameter: String) throws -> [String] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else { throw Problem.badParameter(parameter, "must be a comma-separated list of field names") }
        return names
    }

    static func position(_ name: String, in schema: TableSchema, parameter: String) throws -> Int {
        guard let index = schema.fields.firstIndex(where: { $0.name == name }) else {
            throw Problem.badParameter(parameter, "the table has no field '\(name)'")
        }
        return index
    }

    /// A filter value typed as its field; an empty value matches missing cells.
    static func value(_ text: String, field: TableSchema.Field, parameter: String) throws -> CellValue {
        if text.isEmpty { return .null }
        guard let value = FieldParser.parse(text, as: field) else {
            throw Problem.badParameter(parameter, "'\(text)' is not a valid \(field.type.rawValue)")
        }
        return value
    }
}
