@testable import CausewayCore
import Foundation
import Testing

@Suite("Registry records as writers send them")
struct RegistryRecordTests {
    static let registry = Registry(
        code: "addresses", owner: "land-authority", title: "Addresses",
        schema: TableSchema(fields: [
            .init(name: "address_id", type: .string, constraints: .init(required: true)),
            .init(name: "street", type: .string, constraints: .init(required: true)),
            .init(name: "number", type: .integer, constraints: .init(minimum: 1)),
            .init(name: "unit", type: .string), .init(name: "lat", type: .number), .init(name: "active", type: .boolean),
        ]),
        identifierField: "address_id", accessRights: .public)

    @Test func aRecordIsTypedAndEveryBadValueIsNamed() throws {
        let values = try Self.registry.typedRecord(["address_id": "A-1", "street": "Harbour Road", "number": "12", "lat": "51.5", "active": "true"])
        #expect(values["number"] == .integer(12) && values["lat"] == .number(51.5) && values["active"] == .boolean(true))
        #expect(values["unit"] == .null)
        #expect(Self.registry.identifier(of: values) == "A-1")

        let error = try #require(throws: ValidationError.self) {
            try Self.registry.typedRecord(["address_id": "A-1", "street": nil, "number": "twelve", "colour": "red"])
        }
        #expect(Set(error.errors.map(\.pointer)) == ["/record/street", "/record/number", "/record/colour"])
        let noID = try #require(throws: ValidationError.self) { try Self.registry.typedRecord(["street": "Harbour Road"]) }
        #expect(noID.errors.map(\.pointer).contains("/record/address_id"))
    }

    @Test func aPatchNamesOnlyKnownFieldsAndNeverTheIdentifier() throws {
        let patch = try Self.registry.typedPatch(["number": "14", "unit": nil], under: "/record")
        #expect(patch == ["number": .integer(14), "unit": .null])
        let error = try #require(throws: ValidationError.self) {
            try Self.registry.typedPatch(["address_id": "A-2", "street": nil, "lat": "north", "size": "big"], under: "/record")
        }
        #expect(Set(error.errors.map(\.pointer)) == ["/record/address_id", "/record/street", "/record/lat", "/record/size"])
        #expect(throws: ValidationError.self) { try Self.registry.typedPatch([:], under: "/record") }

        // The patched record must hold as a whole: a number below the minimum is refused.
        let current = try Self.registry.typedRecord(["address_id": "A-1", "street": "Harbour Road", "number": "12"])
        #expect(try Self.registry.patched(current, with: ["number": .integer(14)])["number"] == .integer(14))
        #expect(throws: ValidationError.self) { try Self.registry.patched(current, with: ["number": .integer(0)]) }
    }

    @Test func documentsRoundTripThroughTheSchema() throws {
        let values: [String: CellValue] = ["address_id": .text("A \"1\""), "street": .text("Ça va\n"), "number": .integer(7), "unit": .null,
                                           "lat": .number(0.1), "active": .boolean(false)]
        let text = RecordDocument.encode(values, schema: Self.registry.schema)
        #expect(text == #"{"address_id":"A \"1\"","street":"Ça va\n","number":7,"unit":null,"lat":0.1,"active":false}"#)
        #expect(RecordDocument.decode(text, schema: Self.registry.schema) == values)
        #expect(RecordDocument.decode("[1]", schema: Self.registry.schema) == nil)
    }

    @Test func aReportNeedsANoteAndAValidProposal() throws {
        let proposed = try ErrorReport.checkProposal(["number": "21"], note: "The door says 21", in: Self.registry)
        #expect(proposed == ["number": .integer(21)])
        let error = try #require(throws: ValidationError.self) {
            try ErrorReport.checkProposal(["number": "x"], note: " ", in: Self.registry)
        }
        #expect(Set(error.errors.map(\.pointer)) == ["/note", "/proposed/number"])
    }
}
