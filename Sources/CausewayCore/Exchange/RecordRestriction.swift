/// Holds a record query to the fields an agreement allows: the answer carries only those
/// fields, and the query may not filter, sort or search on the others — a filter on a field the
/// consumer may not see would tell it that field's values one row at a time.
public struct RecordRestriction: Sendable, Hashable {
    /// Schema positions of the allowed fields.
    public let allowed: Set<Int>
    /// Whether every text field is allowed (full-text `q` searches all of them).
    public let coversAllText: Bool

    public init(allowedFields: [String], schema: TableSchema) {
        let names = schema.fieldNames
        let allowed = Set(allowedFields.compactMap { names.firstIndex(of: $0) })
        self.allowed = allowed
        coversAllText = schema.fields.indices.allSatisfy { index in
            allowed.contains(index) || ![.string, .any].contains(schema.fields[index].type)
        }
    }

    public enum Violation: Error, Sendable, Hashable {
        /// The parameter names a field the agreement does not allow.
        case field(parameter: String, field: String)
        case search
    }

    /// The query reduced to the allowed fields (all of them when it asked for none), or the
    /// first thing it asks that the agreement does not allow. `key` is the position of a field
    /// used only to look a record up by its key, which the consumer already knows.
    public func apply(to query: RecordQuery, schema: TableSchema, key: Int? = nil) throws(Violation) -> RecordQuery {
        var restricted = query
        for filter in query.filters where !allowed.contains(filter.field) && filter.field != key {
            throw .field(parameter: "where", field: schema.fields[filter.field].name)
        }
        for order in query.sort where !allowed.contains(order.field) {
            throw .field(parameter: "sort", field: schema.fields[order.field].name)
        }
        if !query.words.isEmpty, !coversAllText { throw .search }
        if let fields = query.fields {
            for field in fields where !allowed.contains(field) {
                throw .field(parameter: "fields", field: schema.fields[field].name)
            }
        } else {
            restricted.fields = allowed.sorted()
        }
        return restricted
    }
}
