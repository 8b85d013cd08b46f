import CausewayServer
import CausewayStore
import Foundation
import Testing

@Suite("Catalogue API")
struct DatasetAPITests {
    static let draft = #"""
    {"name":"flu-sentinel","title":"Influenza sentinel surveillance","description":"Weekly influenza-like illness rates from sentinel GPs.",
     "publisher":"health-ministry","keywords":["influenza","surveillance"],"themes":["HEAL"],
     "contactPoint":{"name":"Surveillance team","email":"flu@health.example"},"license":"CC-BY-4.0","accessRights":"public",
     "accrualPeriodicity":"WEEKLY","temporal":{"start":"2019-01-01"},"spatial":"Meridia",
     "distributions":[{"id":"flu-csv","title":"Rates (CSV)","format":"CSV","mediaType":"text/csv",
       "downloadURL":"https://health.example/flu.csv","schema":{"fields":[{"name":"week","type":"string"},{"name":"rate","type":"number"}],"primaryKey":["week"]}}]}
    """#

    @Test(arguments: Database.Engine.allCases) func engineersPublishAndEveryViewSeesItAtOnce(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("hm.engineer")
            let created = try await node.request(.post, "/api/v1/datasets", json: Self.draft, token: token)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.json()["id"]?.stringValue)
            #expect(created.headers[.location] == "/api/v1/datasets/\(id)")

            #expect(try await node.request(.get, "/api/v1/datasets/flu-sentinel").json()["id"]?.stringValue == id)
            #expect(try await node.request(.get, "/api/v1/datasets/\(id)").json()["title"]?.stringValue == "Influenza sentinel surveillance")
            let search = try await node.request(.get, "/api/v1/datasets?q=influenza+sentinel").json()
            #expect(search["total"]?.intValue == 1)
            let ckan = try await node.request(.get, "/api/3/action/package_show?id=flu-sentinel").json()
            #expect(ckan["result"]?["organization"]?["title"]?.stringValue == "Ministry of Health")
            #expect(ckan["result"]?["resources"]?[0]?["id"]?.stringValue == "flu-csv")
        }
    }

    @Test(arguments: Database.Engine.allCases) func onlyTheAgencysPeopleMayChangeIt(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await node.request(.post, "/api/v1/datasets", json: Self.draft).expectProblem(.unauthorized, "auth.missing")
            for username in ["la.engineer", "hm.dpo"] {
                let token = try await node.token(username)
                try await node.request(.post, "/api/v1/datasets", json: Self.draft, token: token)
                    .expectProblem(.forbidden, "auth.forbidden")
            }
            let landSteward = try await node.token("la.steward")
            try await node.request(.delete, "/api/v1/datasets/covid-19-daily-case-counts-by-region", token: landSteward)
                .expectProblem(.forbidden, "auth.forbidden")
            let operatorToken = try await node.token("operator")
            #expect(try await node.request(.post, "/api/v1/datasets", json: Self.draft, token: operatorToken).status == .created)
        }
    }

    @Test(arguments: Database.Engine.allCases) func replaceAndDelete(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("hm.steward")
            let id = try #require(try await node.request(.post, "/api/v1/datasets", json: Self.draft, token: token).json()["id"]?.stringValue)
            let before = try await node.request(.get, "/api/v1/datasets/\(id)").json()
            let replaced = try await node.request(.put, "/api/v1/datasets/\(id)",
                                                  json: Self.draft.replacingOccurrences(of: "Influenza sentinel surveillance", with: "Grippe sentinel zeta"),
                                                  token: token)
            #expect(replaced.status == .ok, "\(replaced.text)")
            let after = try await node.request(.get, "/api/v1/datasets/\(id)").json()
            #expect(after["title"]?.stringValue == "Grippe sentinel zeta")
            #expect(after["issued"] == before["issued"], "replacing keeps the publication date")
            #expect(try await node.request(.get, "/api/v1/datasets?q=grippe+zeta").json()["total"]?.intValue == 1)

            #expect(try await node.request(.delete, "/api/v1/datasets/\(id)", token: token).status == .noContent)
            try await node.request(.get, "/api/v1/datasets/\(id)").expectProblem(.notFound, "dataset.not-found")
            try await node.request(.delete, "/api/v1/datasets/\(id)", token: token).expectProblem(.notFound, "dataset.not-found")
            #expect(try await node.request(.post, "/api/v1/datasets", json: Self.draft, token: token).status == .created,
                    "the name is free again")
        }
    }

    @Test(arguments: Database.Engine.allCases) func distributions(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("hm.engineer")
            _ = try await node.request(.post, "/api/v1/datasets", json: Self.draft, token: token)
            let added = try await node.request(.post, "/api/v1/datasets/flu-sentinel/distributions",
                                               json: #"{"title":"Rates (JSON)","format":"JSON","downloadURL":"https://health.example/flu.json"}"#, token: token)
            #expect(added.status == .created, "\(added.text)")
            let newID = try #require(try added.json()["id"]?.stringValue)
            #expect(try await node.request(.get, "/api/v1/datasets/flu-sentinel/distributions").json()["results"]?.arrayValue?.count == 2)
            #expect(try await node.request(.get, "/api/3/action/resource_show?id=\(newID)").json()["result"]?["format"]?.stringValue == "JSON")

            let replaced = try await node.request(.put, "/api/v1/datasets/flu-sentinel/distributions/\(newID)",
                                                  json: #"{"title":"Rates (JSON Lines)","format":"JSONL"}"#, token: token)
            #expect(try replaced.json()["format"]?.stringValue == "JSONL")
            try await node.request(.put, "/api/v1/datasets/flu-sentinel/distributions/\(newID)",
                                   json: #"{"title":"","format":"JSONL","downloadURL":"ftp://x"}"#, token: token)
                .expectProblem(.unprocessableContent, "request.invalid")
            let invalid = try await node.request(.put, "/api/v1/datasets/flu-sentinel/distributions/\(newID)",
                                                 json: #"{"title":"","format":"JSONL"}"#, token: token).json()
            #expect(invalid["errors"]?[0]?["pointer"]?.stringValue == "/title", "errors point into the distribution sent")
            try await node.request(.post, "/api/v1/datasets/flu-sentinel/distributions",
                                   json: #"{"id":"flu-csv","title":"dup","format":"CSV"}"#, token: token)
                .expectProblem(.conflict, "distribution.exists")
            #expect(try await node.request(.delete, "/api/v1/datasets/flu-sentinel/distributions/\(newID)", token: token).status == .noContent)
            try await node.request(.get, "/api/v1/datasets/flu-sentinel/distributions/\(newID)").expectProblem(.notFound, "distribution.not-found")
        }
    }

    @Test(arguments: Database.Engine.allCases) func searchFiltersFacetsAndPages(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let all = try await node.request(.get, "/api/v1/datasets?limit=1000&facets=publisher,accessRights,theme").json()
            let total = try #require(all["total"]?.intValue)
            #expect(total >= 30)
            #expect(all["facets"]?["accessRights"]?.arrayValue?.count == 3)
            let health = try await node.request(.get, "/api/v1/datasets?publisher=health-ministry&limit=2&offset=1&sort=name").json()
            #expect(health["results"]?.arrayValue?.count == 2)
            #expect(health["results"]?[0]?["publisher"]?.stringValue == "health-ministry")
            let notHealth = try await node.request(.get, "/api/v1/datasets?publisher=-health-ministry&limit=0").json()
            #expect((notHealth["total"]?.intValue ?? 0) + (health["total"]?.intValue ?? 0) == total)
            let covid = try await node.request(.get, "/api/v1/datasets?q=covid&theme=HEAL&format=API&facets=keyword").json()
            #expect(covid["results"]?.arrayValue?.allSatisfy { $0["accessRights"]?.stringValue != "public" } == true)
            try await node.request(.get, "/api/v1/datasets?limit=abc").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/api/v1/datasets?limit=100000").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/api/v1/datasets?sort=sideways").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/api/v1/datasets?facets=colour").expectProblem(.badRequest, "request.parameter")
        }
    }

    @Test(arguments: Database.Engine.allCases) func dcatCatalogue(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let response = try await node.request(.get, "/catalog.jsonld")
            #expect(response.headers[.contentType] == "application/ld+json")
            let graph = try #require(try response.json()["@graph"]?.arrayValue)
            let datasets = graph.filter { $0["@type"]?.stringValue == "dcat:Dataset" }
            let distributions = graph.filter { $0["@type"]?.stringValue == "dcat:Distribution" }
            #expect(datasets.count == (try await node.node.datasets.count()))
            // Every demo dataset has two distributions, but a registry one: its API.
            let registries = try await node.node.registries.all().count
            #expect(registries == 2 && distributions.count == datasets.count * 2 - registries)
            #expect(datasets.allSatisfy { $0["dct:title"] != nil && $0["dct:description"] != nil && $0["dct:publisher"] != nil })
            #expect(distributions.allSatisfy { $0["dcat:accessURL"]?["@id"] != nil })
            #expect(graph.contains { $0["@type"]?.stringValue == "dcat:Catalog" })
            #expect(datasets.first?["@id"]?.stringValue?.hasPrefix("http://causeway.test/datasets/") == true)
        }
    }
}
