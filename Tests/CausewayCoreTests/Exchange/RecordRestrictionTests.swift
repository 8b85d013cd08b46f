@testable import CausewayCore
import Testing

@Suite("Record restriction")
struct RecordRestrictionTests {
    let schema = TableSchema(fields: [
        .init(name: "id", type: .string), .init(name: "name", type: .string), .init(name: "diagnosis", type: .string),
        .init(name: "age", type: .integer),
    ], primaryKey: ["id"])

    @Test func answersOnlyTheAgreedFields() throws {
        let restriction = RecordRestriction(allowedFields: ["name", "id", "age"], schema: schema)
        #expect(try restriction.apply(to: RecordQuery(), schema: schema).fields == [0, 1, 3])
        var query = RecordQuery()
        query.fields = [1]
        query.filters = [.init(field: 3, comparison: .gte, values: [.integer(70)])]
        query.sort = [.init(field: 1)]
        #expect(try restriction.apply(to: query, schema: schema).fields == [1])
    }

    @Test func refusesToFilterSortSearchOrProjectOtherFields() {
        let restriction = RecordRestriction(allowedFields: ["name"], schema: schema)
        var filter = RecordQuery()
        filter.filters = [.init(field: 2, values: [.text("flu")])]
        #expect(throws: RecordRestriction.Violation.field(parameter: "where", field: "diagnosis")) { try restriction.apply(to: filter, schema: schema) }
        // …except the key a record is looked up by, which the consumer already knows.
        var byKey = RecordQuery()
        byKey.filters = [.init(field: 0, values: [.text("P1")])]
        #expect((try? restriction.apply(to: byKey, schema: schema, key: 0))?.fields == [1])
        var sort = RecordQuery()
        sort.sort = [.init(field: 3)]
        #expect(throws: RecordRestriction.Violation.field(parameter: "sort", field: "age")) { try restriction.apply(to: sort, schema: schema) }
        var search = RecordQuery()
        search.words = ["flu"]
        #expect(throws: RecordRestriction.Violation.search) { try restriction.apply(to: search, schema: schema) }
        var fields = RecordQuery()
        fields.fields = [1, 2]
        #expect(throws: RecordRestriction.Violation.field(parameter: "fields", field: "diagnosis")) { try restriction.apply(to: fields, schema: schema) }
        // Full-text search is fine when every text field is agreed.
        let wide = RecordRestriction(allowedFields: ["id", "name", "diagnosis"], schema: schema)
        #expect((try? wide.apply(to: search, schema: schema)) != nil)
    }
}
