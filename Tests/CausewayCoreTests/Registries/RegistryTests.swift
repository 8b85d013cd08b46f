@testable import CausewayCore
import Foundation
import Testing

@Suite("Registries and their events")
struct RegistryTests {
    static let schema = TableSchema(fields: [
        .init(name: "address_id", type: .string, constraints: .init(required: true)), .init(name: "street", type: .string),
        .init(name: "number", type: .integer), .init(name: "location", type: .geopoint),
    ], primaryKey: ["address_id"])

    @Test func aRegistryNamesItsRecordsByOneOfItsFields() throws {
        let good = Registry(code: "addresses", owner: "land-authority", title: "Addresses", schema: Self.schema,
                            identifierField: "address_id", accessRights: .public)
        try good.validate()
        var bad = good
        bad.code = "Addresses!"
        bad.identifierField = "nope"
        bad.schema.fields.append(.init(name: "street", type: .string))
        let error = try #require(throws: ValidationError.self) { try bad.validate() }
        #expect(Set(error.errors.map(\.pointer)) == ["/code", "/identifierField", "/schema/fields/4/name"])
        var geo = good
        geo.identifierField = "location"
        #expect(throws: ValidationError.self) { try geo.validate() }
    }

    /// Each event is a CloudEvents 1.0 document that a generic JSON reader accepts, with the
    /// required attributes, a stable id, and a sequence that sorts as text.
    @Test func eventsAreCloudEvents() throws {
        let event = RegistryEvent(registry: "addresses", owner: "land-authority", sequence: 42, kind: .corrected, record: "A-1",
                                  time: Date(timeIntervalSince1970: 1_796_100_000),
                                  values: ["street": .text("Quay \"East\""), "number": .integer(14), "location": .null],
                                  details: ["reason": "survey", "validFrom": "2026-01-01"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(event.document(baseURL: "https://node.example"))) as? [String: Any])
        #expect(document["specversion"] as? String == "1.0")
        #expect(document["id"] as? String == "land-authority/addresses/42")
        #expect(document["source"] as? String == "https://node.example/api/v1/registries/addresses")
        #expect(document["type"] as? String == "gov.causeway.registry.record.corrected")
        #expect(document["subject"] as? String == "A-1")
        #expect(document["time"] as? String == "2026-12-01T04:40:00.000Z")
        #expect(document["sequence"] as? String == "00000000000000000042")
        let data = try #require(document["data"] as? [String: Any])
        let record = try #require(data["record"] as? [String: Any])
        #expect(record["street"] as? String == "Quay \"East\"" && record["number"] as? Int == 14 && record["location"] is NSNull)
        #expect(data["reason"] as? String == "survey")
        let later = RegistryEvent(registry: "addresses", owner: "land-authority", sequence: 100, kind: .updated, record: "A-1",
                                  time: Date(), values: nil)
        let sequence = { (e: RegistryEvent) in
            (try? JSONSerialization.jsonObject(with: Data(e.document(baseURL: ""))) as? [String: Any])?["sequence"] as? String ?? ""
        }
        #expect(sequence(event) < sequence(later), "sequences order as text")
        #expect(event.reduced(to: ["street"]).values == ["street": .text("Quay \"East\"")])
    }
}
