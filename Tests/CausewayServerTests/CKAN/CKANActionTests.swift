import CausewayServer
import CausewayStore
import Foundation
import Testing

@Suite("CKAN Action API")
struct CKANActionTests {
    @Test(arguments: Database.Engine.allCases) func envelopeAndSiteActions(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            for prefix in ["/api/3/action", "/api/2/action", "/api/action"] {
                let status = try await node.request(.get, "\(prefix)/status_show").json()
                #expect(status["success"]?.boolValue == true)
                #expect(status["help"]?.stringValue?.contains("status_show") == true)
                #expect(status["result"]?["ckan_version"]?.stringValue?.hasPrefix("2.") == true)
                #expect(try await node.request(.post, "\(prefix)/site_read", json: "{}").json()["result"]?.boolValue == true)
            }
        }
    }

    @Test(arguments: Database.Engine.allCases) func packages(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let list = try #require(try await node.request(.get, "/api/3/action/package_list").json()["result"]?.arrayValue)
            #expect(list.count >= 30)
            let page = try await node.request(.post, "/api/action/package_list", json: #"{"limit":2,"offset":1}"#).json()
            #expect(page["result"]?.arrayValue == Array(list[1...2]))
            let name = try #require(list.first?.stringValue)
            let show = try await node.request(.post, "/api/action/package_show", json: #"{"id":"\#(name)"}"#).json()
            let package = try #require(show["result"])
            #expect(package["name"]?.stringValue == name)
            for key in ["id", "title", "notes", "license_id", "organization", "tags", "groups", "resources", "metadata_modified", "extras"] {
                #expect(package[key] != nil, "package_show has \(key)")
            }
            let byID = try await node.request(.get, "/api/3/action/package_show?id=\(package["id"]?.stringValue ?? "")").json()
            #expect(byID["result"]?["name"]?.stringValue == name)
        }
    }

    @Test(arguments: Database.Engine.allCases) func errorsUseCKANsEnvelope(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let missing = try await node.request(.get, "/api/3/action/package_show?id=nothing-here")
            #expect(missing.status == .notFound)
            #expect(try missing.json()["success"]?.boolValue == false)
            #expect(try missing.json()["error"]?["__type"]?.stringValue == "Not Found Error")
            let noID = try await node.request(.get, "/api/3/action/package_show")
            #expect(noID.status == .conflict)
            #expect(try noID.json()["error"]?["__type"]?.stringValue == "Validation Error")
            #expect(try noID.json()["error"]?["id"]?[0]?.stringValue == "Missing value")
            let badRows = try await node.request(.get, "/api/3/action/package_search?rows=many")
            #expect(badRows.status == .conflict)
            let unknown = try await node.request(.get, "/api/3/action/package_patch_everything")
            #expect(unknown.status == .badRequest)
            #expect(try unknown.json()["success"]?.boolValue == false)
            let badJSON = try await node.request(.post, "/api/action/package_list", json: "{nope")
            #expect(badJSON.status == .badRequest)
            let forbidden = try await node.request(.get, "/api/3/action/status_show", token: "broken")
            #expect(forbidden.status == .forbidden)
            #expect(try forbidden.json()["error"]?["__type"]?.stringValue == "Authorization Error")
        }
    }

    @Test(arguments: Database.Engine.allCases) func packageSearch(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let search = try await node.request(
                .get, "/api/3/action/package_search?q=covid&facet.field=%5B%22organization%22,%22tags%22,%22groups%22%5D&rows=3"
            ).json()
            let result = try #require(search["result"])
            let count = try #require(result["count"]?.intValue)
            #expect(count >= 4)
            #expect(result["results"]?.arrayValue?.count == 3)
            #expect(result["search_facets"]?["organization"]?["items"]?[0]?["display_name"]?.stringValue == "Ministry of Health")
            #expect(result["facets"]?["tags"]?["covid-19"]?.intValue == count)
            #expect(result["facets"]?["groups"]?["heal"]?.intValue ?? 0 > 0, "groups are reported by CKAN group name")

            let filtered = try await node.request(.post, "/api/action/package_search",
                                                  json: #"{"q":"covid","fq":"organization:health-ministry -groups:soci","rows":100}"#).json()
            let results = try #require(filtered["result"]?["results"]?.arrayValue)
            #expect(!results.isEmpty)
            #expect(results.allSatisfy { $0["organization"]?["name"]?.stringValue == "health-ministry" })
            #expect(results.allSatisfy { !($0["groups"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == "soci" } })

            let quoted = try await node.request(.post, "/api/action/package_search",
                                                json: #"{"fq":"tags:\"personal data\" res_format:API","rows":100}"#).json()
            #expect(quoted["result"]?["count"]?.intValue ?? 0 >= 4)

            let sorted = try await node.request(.post, "/api/action/package_search", json: #"{"sort":"name asc","rows":1000}"#).json()
            let names = sorted["result"]?["results"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names == names.sorted())
            let second = try await node.request(.post, "/api/action/package_search", json: #"{"sort":"name asc","rows":1,"start":1}"#).json()
            #expect(second["result"]?["results"]?[0]?["name"]?.stringValue == names[1])

            let badField = try await node.request(.get, "/api/3/action/package_search?fq=colour:red")
            #expect(badField.status == .conflict)
            let badSort = try await node.request(.get, "/api/3/action/package_search?sort=colour%20asc")
            #expect(badSort.status == .conflict)

            // Several organisations at once, as a harvester asks; NOT excludes; what is not
            // supported is named, never a count that is silently wrong.
            func hits(_ fq: String) async throws -> Int? {
                let query = fq.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return try await node.request(.get, "/api/3/action/package_search?rows=0&fq=\(query)").json()["result"]?["count"]?.intValue
            }
            let health = try #require(try await hits("organization:health-ministry"))
            let land = try #require(try await hits("organization:land-authority"))
            let all = try #require(try await hits("*:*"))
            #expect(health > 0 && land > 0)
            #expect(try await hits("organization:health-ministry OR organization:land-authority") == health + land)
            #expect(try await hits("NOT organization:health-ministry") == all - health)
            #expect(try await hits("organization:health-ministry AND NOT organization:land-authority") == health)
            for unsupported in ["tags:[a TO b]", "(organization:a OR tags:b", "name:road*", "title:covd~1",
                                "metadata_modified:[yesterday TO *]", "organization:a OR"] {
                let query = unsupported.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let refused = try await node.request(.get, "/api/3/action/package_search?fq=\(query)")
                #expect(refused.status == .conflict, "\(unsupported)")
                let type = try refused.json()["error"]?["__type"]?.stringValue
                #expect(type == "Search Query Error" || type == "Validation Error", "\(unsupported): \(refused.text)")
            }
        }
    }

    @Test(arguments: Database.Engine.allCases) func organizationsGroupsTagsResources(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let names = try await node.request(.get, "/api/3/action/organization_list").json()["result"]?.arrayValue
            #expect(names?.count == 6)
            let full = try await node.request(.get, "/api/3/action/organization_list?all_fields=true").json()["result"]?.arrayValue
            #expect(full?.first?["package_count"]?.intValue ?? 0 > 0)
            #expect(full?.first?["title"]?.stringValue?.isEmpty == false)
            let show = try await node.request(.post, "/api/action/organization_show", json: #"{"id":"land-authority","include_datasets":true}"#).json()
            #expect(show["result"]?["title"]?.stringValue == "Land and Property Authority")
            // Dated by the agency's registration, not 1970.
            #expect(show["result"]?["created"]?.stringValue?.hasPrefix("1970") == false)
            #expect(full?.first?["created"]?.stringValue?.hasPrefix("1970") == false)
            #expect(show["result"]?["packages"]?.arrayValue?.count == show["result"]?["package_count"]?.intValue)
            #expect(try await node.request(.get, "/api/3/action/organization_show?id=nope").status == .notFound)

            let groups = try await node.request(.get, "/api/3/action/group_list").json()["result"]?.arrayValue
            #expect(groups?.contains(.string("heal")) == true)
            // A group is a DCAT theme: shown with its count and datasets, which carry it too.
            let health = try await node.request(.get, "/api/3/action/group_show?id=heal&include_datasets=true").json()["result"]
            let count = try #require(health?["package_count"]?.intValue)
            #expect(count > 0 && health?["packages"]?.arrayValue?.count == count && health?["title"]?.stringValue == "Health")
            let inGroup = try await node.request(.get, "/api/3/action/group_package_show?id=heal&limit=2").json()["result"]?.arrayValue ?? []
            #expect(inGroup.count == min(2, count))
            #expect(inGroup.allSatisfy { $0["groups"]?.arrayValue?.contains { $0["name"]?.stringValue == "heal" } == true })
            let modified = inGroup.compactMap { $0["metadata_modified"]?.stringValue }
            #expect(modified == modified.sorted(by: >))
            #expect(try await node.request(.get, "/api/3/action/group_show?id=nope").status == .notFound)
            let tags = try await node.request(.get, "/api/3/action/tag_list?query=covid").json()["result"]?.arrayValue
            #expect(tags == [.string("covid-19")])

            let resource = try await node.request(.get, "/api/3/action/resource_show?id=vulnerable-persons-register-api").json()
            #expect(resource["result"]?["format"]?.stringValue == "API")
            #expect(resource["result"]?["package_id"]?.stringValue == "vulnerable-persons-register")
            #expect(try await node.request(.get, "/api/3/action/resource_show?id=nope").status == .notFound)
        }
    }
}
