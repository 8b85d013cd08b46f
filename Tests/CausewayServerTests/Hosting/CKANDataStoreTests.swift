import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("CKAN DataStore")
struct CKANDataStoreTests {
    func post(_ node: TestNode, _ action: String, _ json: String, key: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = key }
        return try await node.client.execute(uri: "/api/action/\(action)", method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    @Test(arguments: Database.Engine.allCases) func createUpsertSearchDelete(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let key = try await node.token("ta.engineer")
            let resource = "public-transport-stops-csv"
            let created = try await post(node, "datastore_create", #"""
                {"resource_id":"\#(resource)","records":[
                 {"stop_id":"A","name":"Alpha","mode":"bus","location":"1,1","step_free":true},
                 {"stop_id":"B","name":"Beta","mode":"rail","location":"2,2","step_free":false}]}
                """#, key: key)
            #expect(created.status == .ok)
            #expect(try created.json()["success"]?.boolValue == true)

            #expect(try await post(node, "datastore_upsert", #"{"resource_id":"\#(resource)","records":[{"stop_id":"B","name":"Beta Two","mode":"rail","location":"2,2","step_free":true},{"stop_id":"C","name":"Gamma","mode":"tram","location":"3,3","step_free":true}]}"#, key: key).status == .ok)
            let update = try await post(node, "datastore_upsert", #"{"resource_id":"\#(resource)","method":"update","records":[{"stop_id":"Z","name":"Zed","mode":"bus","location":"1,1","step_free":true}]}"#, key: key)
            #expect(update.status == .conflict)

            let search = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)","filters":{"mode":["rail","tram"]},"sort":"name desc","fields":"_id,name"}"#).json()
            let result = try #require(search["result"])
            #expect(result["total"]?.intValue == 2)
            #expect(result["records"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Gamma", "Beta Two"])
            #expect(result["fields"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["_id", "name"])
            let lists = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)","records_format":"lists","limit":1,"q":"alpha"}"#).json()
            #expect(lists["result"]?["records"]?[0]?[2]?.stringValue == "Alpha")
            let csv = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)","records_format":"csv","fields":["stop_id"],"sort":"stop_id"}"#).json()
            #expect(csv["result"]?["records"]?.stringValue == "A\r\nB\r\nC\r\n")

            let info = try await post(node, "datastore_info", #"{"id":"\#(resource)"}"#).json()
            #expect(info["result"]?["meta"]?["count"]?.intValue == 3)

            #expect(try await post(node, "datastore_delete", #"{"resource_id":"\#(resource)","filters":{"stop_id":"A"}}"#, key: key).status == .ok)
            let after = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)"}"#).json()
            #expect(after["result"]?["total"]?.intValue == 2)
        }
    }

    /// A new resource made by `datastore_create` with a `resource` dict, holding 64-bit keys a
    /// double cannot represent: they come back digit for digit.
    @Test(arguments: Database.Engine.allCases) func newResourcesAndExactBigIntegers(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let key = try await node.token("ta.engineer")
            let created = try await post(node, "datastore_create", #"""
                {"resource":{"package_id":"public-transport-stops","name":"Ticket machines"},
                 "fields":[{"id":"machine","type":"int8"},{"id":"stop","type":"text"}],"primary_key":"machine",
                 "records":[{"machine":9007199254740993,"stop":"A"},{"machine":-9223372036854775807,"stop":"B"},{"machine":12,"stop":"C"}]}
                """#, key: key)
            #expect(created.status == .ok, "\(created.text)")
            let resource = try #require(try created.json()["result"]?["resource_id"]?.stringValue)
            let search = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)","sort":"machine"}"#)
            #expect(search.text.contains(#""machine":-9223372036854775807"#) && search.text.contains(#""machine":9007199254740993"#), "\(search.text)")
            let show = try await node.request(.get, "/api/3/action/package_show?id=public-transport-stops").json()
            #expect(show["result"]?["resources"]?.arrayValue?.contains { $0["id"]?.stringValue == resource } == true)
            let unknown = try await post(node, "datastore_create", #"{"resource":{"package_id":"nope"},"fields":[{"id":"a"}]}"#, key: key)
            #expect(unknown.status == .notFound)
            let other = try await post(node, "datastore_create", #"{"resource":{"package_id":"vulnerable-persons-register"},"fields":[{"id":"a"}]}"#, key: key)
            #expect(other.status == .forbidden)
            let huge = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)","limit":1e30}"#)
            #expect(huge.status == .conflict, "a limit far out of range is a validation error, not a crash")
        }
    }

    /// Answers are cached by catalogue revision, data version and parameters: a repeated search
    /// is served the same bytes, and a write or a catalogue change is seen at once.
    @Test(arguments: Database.Engine.allCases) func cachedAnswersFollowWritesAndCatalogue(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let key = try await node.token("ta.engineer")
            let resource = "public-transport-stops-csv"
            _ = try await post(node, "datastore_create", #"{"resource_id":"\#(resource)","records":[{"stop_id":"A","name":"Alpha","mode":"bus","location":"1,1","step_free":true}]}"#, key: key)
            let search = #"{"resource_id":"\#(resource)","filters":{"mode":"bus"}}"#
            let first = try await post(node, "datastore_search", search)
            let again = try await post(node, "datastore_search", search)
            #expect(first.body == again.body)
            #expect(try again.json()["result"]?["total"]?.intValue == 1)

            _ = try await post(node, "datastore_upsert", #"{"resource_id":"\#(resource)","records":[{"stop_id":"B","name":"Beta","mode":"bus","location":"2,2","step_free":false}]}"#, key: key)
            #expect(try await post(node, "datastore_search", search).json()["result"]?["total"]?.intValue == 2)

            // Made restricted, the dataset is refused here even though its answer was cached.
            let steward = try await node.token("ta.steward")
            var dataset = try #require(try await node.request(.get, "/api/v1/datasets/public-transport-stops").json().objectValue)
            let draftKeys: Set = ["name", "title", "description", "publisher", "keywords", "themes", "contactPoint", "license",
                                  "accessRights", "accrualPeriodicity", "temporal", "spatial", "landingPage", "version"]
            let distributionKeys: Set = ["id", "title", "description", "format", "mediaType", "accessURL", "downloadURL", "byteSize", "schema", "dialect"]
            let distributions = (dataset["distributions"]?.arrayValue ?? []).map { JSONValue.object(($0.objectValue ?? [:]).filter { distributionKeys.contains($0.key) }) }
            dataset = dataset.filter { draftKeys.contains($0.key) }
            dataset["distributions"] = .array(distributions)
            dataset["accessRights"] = .string("restricted")
            dataset["license"] = .string("restricted")
            let body = String(decoding: try JSONEncoder().encode(JSONValue.object(dataset)), as: UTF8.self)
            let replaced = try await node.request(.put, "/api/v1/datasets/public-transport-stops", json: body, token: steward)
            #expect(replaced.status == .ok, "\(String(buffer: replaced.body))")
            let refused = try await post(node, "datastore_search", search)
            #expect(refused.status == .forbidden)
        }
    }

    @Test(arguments: Database.Engine.allCases) func errorsAreCKANs(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let resource = "public-transport-stops-csv"
            let anonymous = try await post(node, "datastore_upsert", #"{"resource_id":"\#(resource)","records":[]}"#)
            #expect(anonymous.status == .forbidden)
            #expect(try anonymous.json()["error"]?["__type"]?.stringValue == "Authorization Error")
            let other = try await post(node, "datastore_create", #"{"resource_id":"\#(resource)"}"#, key: try await node.token("hm.engineer"))
            #expect(other.status == .forbidden)
            let missing = try await post(node, "datastore_search", #"{"resource_id":"nothing"}"#)
            #expect(missing.status == .notFound)
            #expect(try missing.json()["error"]?["__type"]?.stringValue == "Not Found Error")
            let empty = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)"}"#)
            #expect(empty.status == .notFound)
            let key = try await node.token("ta.engineer")
            let invalid = try await post(node, "datastore_create", #"{"resource_id":"\#(resource)","records":[{"stop_id":"A","name":"x","mode":"bus","location":"500,1","step_free":"no"}]}"#, key: key)
            #expect(invalid.status == .conflict)
            #expect(try invalid.json()["error"]?["__type"]?.stringValue == "Validation Error")
            #expect(try await post(node, "datastore_create", #"{"resource_id":"\#(resource)"}"#, key: key).status == .ok)
            let badField = try await post(node, "datastore_search", #"{"resource_id":"\#(resource)","filters":{"\"; DROP TABLE x; --":"1"}}"#)
            #expect(badField.status == .conflict)
        }
    }
}
