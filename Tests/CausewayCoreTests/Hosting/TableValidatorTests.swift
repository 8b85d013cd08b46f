@testable import CausewayCore
import Testing

@Suite("Table validator")
struct TableValidatorTests {
    let schema = TableSchema(fields: [
        TableSchema.Field(name: "id", type: .integer, constraints: .init(required: true)),
        TableSchema.Field(name: "name", type: .string, constraints: .init(minLength: 2, pattern: "[A-Z].*")),
        TableSchema.Field(name: "score", type: .number, constraints: .init(minimum: 0, maximum: 100)),
        TableSchema.Field(name: "kind", type: .string, constraints: .init(unique: true, enum: ["a", "b"])),
    ], primaryKey: ["id"])

    func codes(_ validator: TableValidator) -> [String] {
        validator.errors.map { "\($0.code)@\($0.row.map(String.init) ?? "-"):\($0.field ?? "")" }
    }

    @Test func goodRowsAreTyped() {
        var validator = TableValidator(schema: schema)
        validator.header(["id", "name", "score", "kind"])
        #expect(validator.row(["1", "Al", "1.5", "a"]) == [.integer(1), .text("Al"), .number(1.5), .text("a")])
        #expect(validator.row(["2", "Bo", "", ""]) == [.integer(2), .text("Bo"), .null, .null])
        #expect(validator.isValid)
    }

    @Test func errorsAreNamedAsFrictionlessNamesThem() {
        var validator = TableValidator(schema: schema)
        validator.header(["id", "nom", "score", "kind", "extra"])
        #expect(validator.row(["1", "al", "-1", "c", "x"]) == nil)
        _ = validator.row(["1", "Bo", "NaN", "a", "y", "z"])
        _ = validator.row([])
        _ = validator.row(["x", "Bo"])
        #expect(codes(validator) == [
            "incorrect-label@-:name", "extra-label@-:",
            "constraint-error@2:name", "constraint-error@2:score", "constraint-error@2:kind",
            "constraint-error@3:score", "constraint-error@3:score", "extra-cell@3:", "primary-key@3:",
            "blank-row@4:", "primary-key@4:",
            "type-error@5:id", "missing-cell@5:score", "missing-cell@5:kind",
        ])
        #expect(validator.errorCount == 14)
    }

    @Test func uniqueFieldsAndTheErrorCap() {
        var validator = TableValidator(schema: schema, maxReportedErrors: 2)
        validator.header(["id", "name", "score", "kind"])
        for id in 1...5 { _ = validator.row(["\(id)", "Zed", "1", "b"]) }
        #expect(validator.errorCount == 4)
        #expect(validator.errors.count == 2)
        #expect(codes(validator) == ["unique-error@3:kind", "unique-error@4:kind"])
    }

    @Test func jsonLinesRecords() {
        var validator = TableValidator(schema: schema)
        #expect(validator.record(["id": "1", "name": "Al", "score": nil, "kind": "a"]) == [.integer(1), .text("Al"), .null, .text("a")])
        #expect(validator.record(["id": "2", "name": "Bo", "kind": "b", "other": "x"]) == nil)
        #expect(codes(validator) == ["missing-cell@2:score", "extra-cell@2:other"])
    }
}
