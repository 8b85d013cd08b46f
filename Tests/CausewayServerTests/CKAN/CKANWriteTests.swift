import CausewayServer
import CausewayStore
import Foundation
import HummingbirdTesting
import Testing

/// CKAN's write actions on a real node and both engines: CKAN's semantics (update replaces,
/// patch merges), CKAN's error dictionaries, Causeway's rights.
@Suite("CKAN write actions")
struct CKANWriteTests {
    @Test(arguments: Database.Engine.allCases) func packagesAndResources(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let steward = try await node.token("hm.steward")
            func action(_ name: String, _ body: String, token: String? = nil) async throws -> TestResponse {
                try await node.request(.post, "/api/3/action/\(name)", json: body, token: token ?? steward)
            }
            let created = try await action("package_create", """
                {"name":"ckan-written","title":"Written through CKAN","notes":"First","owner_org":"health-ministry",
                 "license_id":"cc-by-4.0","tags":[{"name":"ckan"}],"groups":[{"name":"heal"}],"maintainer":"Desk",
                 "maintainer_email":"desk@example.org","extras":[{"key":"frequency","value":"WEEKLY"}],
                 "resources":[{"name":"Table","format":"CSV","url":"https://example.org/t.csv","size":120}]}
                """).json()
            let package = try #require(created["result"], "\(created)")
            #expect(package["license_id"]?.stringValue == "CC-BY-4.0" && package["groups"]?[0]?["name"]?.stringValue == "heal")
            #expect(package["resources"]?[0]?["size"]?.intValue == 120 && package["maintainer"]?.stringValue == "Desk")
            let id = try #require(package["id"]?.stringValue)
            // The API and the search see it at once.
            #expect(try await node.request(.get, "/api/v1/datasets/ckan-written").status == .ok)
            #expect(try await node.request(.get, "/api/3/action/package_search?fq=name:ckan-written&rows=0").json()["result"]?["count"]?.intValue == 1)

            let patched = try await action("package_patch", #"{"id":"\#(id)","notes":"Second"}"#).json()["result"]
            #expect(patched?["notes"]?.stringValue == "Second" && patched?["tags"]?[0]?["name"]?.stringValue == "ckan")
            let updated = try await action("package_update", #"{"id":"\#(id)","name":"ckan-written","owner_org":"health-ministry","license_id":"CC-BY-4.0"}"#).json()["result"]
            #expect(updated?["notes"]?.stringValue == "" && updated?["resources"]?.arrayValue?.isEmpty == true, "update replaces")

            let resource = try await action("resource_create", #"{"package_id":"ckan-written","name":"API","format":"API","url":"https://example.org/api"}"#).json()["result"]
            let resourceID = try #require(resource?["id"]?.stringValue)
            #expect(try await action("resource_patch", #"{"id":"\#(resourceID)","name":"The API"}"#).json()["result"]?["format"]?.stringValue == "API")
            #expect(try await action("resource_delete", #"{"id":"\#(resourceID)"}"#).json()["success"]?.boolValue == true)

            // CKAN's error dictionaries, every field at once; rights are Causeway's.
            let refused = try await action("package_create", #"{"name":"Bad Name","owner_org":"nobody","license_id":"odc-nc","groups":[{"name":"sport"}],"colour":"red"}"#)
            #expect(refused.status == .conflict)
            let error = try #require(try refused.json()["error"])
            #expect(error["__type"]?.stringValue == "Validation Error")
            for field in ["owner_org", "license_id", "groups", "colour"] { #expect(error[field] != nil, "\(field): \(refused.text)") }
            let invalidName = try await action("package_create", #"{"name":"Bad Name","owner_org":"health-ministry","license_id":"CC-BY-4.0"}"#)
            #expect(try invalidName.json()["error"]?["name"] != nil, "\(invalidName.text)")
            #expect(try await action("package_create", #"{"name":"ckan-written","owner_org":"health-ministry","license_id":"CC-BY-4.0"}"#)
                .json()["error"]?["name"]?[0]?.stringValue == "That URL is already in use.")
            let outsider = try await node.token("la.engineer")
            #expect(try await action("package_delete", #"{"id":"ckan-written"}"#, token: outsider).status == .forbidden)
            let anonymous = try await node.request(.post, "/api/3/action/package_create", json: #"{"name":"x"}"#)
            #expect(anonymous.status == .forbidden)
            #expect(try anonymous.json()["error"]?["__type"]?.stringValue == "Authorization Error")
            #expect(try await node.request(.get, "/api/3/action/package_delete?id=ckan-written", token: steward).status == .badRequest)

            #expect(try await action("package_delete", #"{"id":"ckan-written"}"#).json()["result"] == .null)
            #expect(try await node.request(.get, "/api/3/action/package_show?id=ckan-written").status == .notFound)
        }
    }

    /// Writers at once, as `ckanapi load -p 8` writes: each answer holds its own dataset, even
    /// when another writer's refresh built the snapshot that holds it.
    @Test(arguments: Database.Engine.allCases) func concurrentWritersEachReadTheirWrite(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let steward = try await node.token("hm.steward")
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for number in 0..<12 {
                    group.addTask {
                        let answer = try await node.request(.post, "/api/3/action/package_create", json: """
                            {"name":"parallel-\(number)","owner_org":"health-ministry","license_id":"CC-BY-4.0"}
                            """, token: steward)
                        return (Int(answer.status.code), try answer.json()["result"]?["name"]?.stringValue)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 12 && statuses.allSatisfy { $0.0 == 200 && $0.1?.hasPrefix("parallel-") == true }, "\(statuses)")
        }
    }

    /// `package_search` answers are kept whole; a dataset write or an agency edit must change
    /// the answer at once, and a kept answer must be the bytes a fresh search gives.
    @Test func keptSearchAnswersFollowWrites() async throws {
        try await TestNode.with { node in
            let steward = try await node.token("hm.steward")
            let path = "/api/3/action/package_search?q=quokka&facet.field=%5B%22organization%22%5D"
            func search() async throws -> TestResponse { try await node.request(.get, path) }
            let first = try await search()
            #expect(try first.json()["result"]?["count"]?.intValue == 0)
            #expect(try await search().text == first.text)

            _ = try await node.request(.post, "/api/3/action/package_create", json: """
                {"name":"quokka-counts","title":"Quokka counts","owner_org":"health-ministry","license_id":"CC-BY-4.0"}
                """, token: steward)
            let written = try await search()
            #expect(try written.json()["result"]?["count"]?.intValue == 1, "\(written.text)")
            _ = try await node.request(.post, "/api/3/action/package_patch", json: #"{"id":"quokka-counts","title":"Wombat counts"}"#, token: steward)
            #expect(try await search().json()["result"]?["count"]?.intValue == 0)
            _ = try await node.request(.post, "/api/3/action/package_patch", json: #"{"id":"quokka-counts","title":"Quokka counts"}"#, token: steward)

            let operatorToken = try await node.token("operator")
            _ = try await node.request(.post, "/api/action/organization_patch", json: #"{"id":"health-ministry","title":"Ministry of Quokkas"}"#,
                                       token: operatorToken)
            let renamed = try await search().json()["result"]?["search_facets"]?["organization"]?["items"]?[0]?["display_name"]?.stringValue
            #expect(renamed == "Ministry of Quokkas")
        }
    }

    @Test func organizations() async throws {
        try await TestNode.with { node in
            let operatorToken = try await node.token("operator")
            let created = try await node.request(.post, "/api/action/organization_create", json: """
                {"name":"ckan-agency","title":"An agency from CKAN","description":"Moved","extras":[{"key":"email","value":"info@example.org"}]}
                """, token: operatorToken).json()["result"]
            #expect(created?["title"]?.stringValue == "An agency from CKAN" && created?["extras"]?[0]?["value"]?.stringValue == "info@example.org")
            let patched = try await node.request(.post, "/api/action/organization_patch", json: #"{"id":"ckan-agency","description":"Patched"}"#,
                                                 token: operatorToken).json()["result"]
            #expect(patched?["description"]?.stringValue == "Patched" && patched?["title"]?.stringValue == "An agency from CKAN")
            let steward = try await node.token("hm.steward")
            #expect(try await node.request(.post, "/api/action/organization_create", json: #"{"name":"another"}"#, token: steward).status == .forbidden)
            let kept = try await node.request(.post, "/api/action/organization_delete", json: #"{"id":"ckan-agency"}"#, token: operatorToken)
            #expect(kept.status == .conflict && kept.text.contains("does not delete agencies"))
        }
    }
}
