import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A steward publishes noisy tables from the census sample as an open dataset, on both
/// engines: the tables are hosted and readable by anyone, the metadata states the release's
/// privacy loss and each table's accuracy, the spend is on the record and in the log, and a
/// refused release spends nothing.
@Suite("Private statistics releases")
struct PrivacyReleaseTests {
    static let release = #"""
        {"source":"census-2021-microdata-sample","name":"census-2021-people-by-region","title":"People by region and sex, census 2021",
         "description":"Counts from the census sample, with differential privacy.","keywords":["census"],
         "tables":[{"title":"People by region","query":{"statistic":"count","groupBy":["region_code"],"loss":{"rho":0.05}}},
                   {"title":"Household size by sex","query":{"statistic":"mean","column":"household_size","bounds":{"lower":1,"upper":8},
                    "groupBy":["sex"],"loss":{"rho":0.05}}}]}
        """#

    @Test(arguments: Database.Engine.allCases) func aStewardPublishesNoisyTablesAsOpenData(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let steward = try await node.token("so.steward")
            let published = try await node.request(.post, "/api/v1/privacy/releases", json: Self.release, token: steward)
            #expect(published.status == .created, "\(published.text)")
            let dataset = try published.json()
            #expect(dataset["accessRights"]?.stringValue == "public" && dataset["license"]?.stringValue == "CC-BY-4.0")
            let privacy = try #require(dataset["privacy"])
            #expect(privacy["rho"]?.doubleValue == 0.1 && privacy["delta"]?.doubleValue == 0 && privacy["epsilon"] == nil)
            #expect(privacy["releasedBy"]?.stringValue == "so.steward")
            let tables = privacy["tables"]?.arrayValue ?? []
            #expect(tables.map { $0["mechanism"]?.stringValue } == ["discrete-gaussian", "discrete-gaussian"])
            #expect(tables.allSatisfy { ($0["noiseScale"]?.doubleValue ?? 0) > 0 })

            // Anyone reads the tables: a figure per region, each with its interval around it.
            let regions = try await node.request(.get, "/api/v1/datasets/census-2021-people-by-region/records?limit=10")
            #expect(regions.status == .ok, "\(regions.text)")
            let rows = try regions.json()["records"]?.arrayValue ?? []
            #expect(rows.compactMap { $0["region_code"]?.stringValue }.sorted() == ["R01", "R02", "R03", "R04", "R05"])
            let total = rows.compactMap { $0["value"]?.doubleValue }.reduce(0, +)
            #expect(abs(total - 2_000) < 150, "about the 2,000 records: \(total)")
            #expect(rows.allSatisfy { row in
                guard let value = row["value"]?.doubleValue, let lower = row["interval_lower"]?.doubleValue,
                      let upper = row["interval_upper"]?.doubleValue else { return false }
                return lower <= value && value <= upper
            })
            let distribution = try #require(tables.last?["distribution"]?.stringValue)
            let means = try await node.request(.get, "/api/v1/datasets/census-2021-people-by-region/records?distribution=\(distribution)")
            #expect(try means.json()["records"]?.arrayValue?.compactMap { $0["sex"]?.stringValue } == ["F", "M"], "\(means.text)")

            // CKAN clients find the parameters among the package's extras.
            let package = try await node.request(.get, "/api/3/action/package_show?id=census-2021-people-by-region").json()
            let extras = package["result"]?["extras"]?.arrayValue ?? []
            #expect(extras.contains { $0["key"]?.stringValue == "privacy_rho" && $0["value"]?.stringValue == "0.1" }, "\(extras)")

            // A release's tables are not replaced by an upload.
            try await node.request(.post, "/api/v1/datasets/census-2021-people-by-region/distributions/\(distribution)/data", json: "{}",
                                   token: steward, headers: [.contentType: "text/csv"]).expectProblem(.conflict, "privacy.release-immutable")

            // The spend is on the steward's record and in the log.
            let spends = try await node.request(.get, "/api/v1/privacy/spends", token: steward).json()["spends"]?.arrayValue ?? []
            let spend = try #require(spends.first { $0["statistic"]?.stringValue == "release" })
            #expect(spend["agreement"]?.stringValue == "release/census-2021-people-by-region" && spend["rho"]?.doubleValue == 0.1)
            let event = try #require(try await node.logEvents().last { $0.kind == "privacy.released" })
            #expect(event.details["release"] == "census-2021-people-by-region" && event.details["rho"] == "0.1" && event.actor == "so.steward")

            // An edit keeps the privacy statement; the portal shows each figure with its accuracy.
            guard case .object(var draft) = try JSONDecoder().decode(JSONValue.self, from: Data(published.text.utf8)) else {
                Issue.record("the dataset is not an object")
                return
            }
            for key in ["id", "issued", "modified", "privacy"] { draft[key] = nil }
            draft["title"] = .string("People by region and sex (census 2021)")
            let edited = try await node.request(.put, "/api/v1/datasets/census-2021-people-by-region",
                                                json: String(decoding: try JSONEncoder().encode(JSONValue.object(draft)), as: UTF8.self), token: steward)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try edited.json()["privacy"]?["rho"]?.doubleValue == 0.1)
            let page = try await node.request(.get, "/datasets/census-2021-people-by-region")
            #expect(page.status == .ok)
            #expect(page.text.contains("Released with differential privacy") && page.text.contains("±"), "\(page.text.prefix(300))")
        }
    }

    @Test func refusedReleasesSpendNothing() async throws {
        try await TestNode.with { node in
            let steward = try await node.token("so.steward")
            func publish(_ body: String, token: String) async throws -> TestResponse {
                try await node.request(.post, "/api/v1/privacy/releases", json: body, token: token)
            }
            // Not the source's steward.
            try await publish(Self.release, token: try await node.token("ss.steward")).expectProblem(.forbidden, "auth.forbidden")
            // A free-text group, a bad loss and a bad name, all reported at once with their pointers.
            let bad = try await publish(Self.release.replacingOccurrences(of: #""groupBy":["region_code"]"#, with: #""groupBy":["occupation"]"#)
                .replacingOccurrences(of: #""loss":{"rho":0.05}}},"#, with: #""loss":{"rho":-1}}},"#)
                .replacingOccurrences(of: "census-2021-people-by-region", with: "Not A Name"), token: steward)
            try bad.expectProblem(.unprocessableContent, "request.invalid")
            let pointers = Set(try bad.json()["errors"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } ?? [])
            #expect(pointers.isSuperset(of: ["/tables/0/query/groupBy/0", "/tables/0/query/loss/rho"]), "\(pointers)")
            let named = try await publish(Self.release.replacingOccurrences(of: "census-2021-people-by-region", with: "Not A Name"), token: steward)
            #expect(try named.json()["errors"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } == ["/name"], "\(named.text)")
            try await publish(#"{"source":"census-2021-microdata-sample","name":"x","title":"x","description":"x","tables":[]}"#, token: steward)
                .expectProblem(.unprocessableContent, "request.invalid")
            try await publish(Self.release.replacingOccurrences(of: "census-2021-people-by-region", with: "consumer-price-index"), token: steward)
                .expectProblem(.conflict, "dataset.exists")
            try await publish(Self.release.replacingOccurrences(of: "\"title\":\"People by region\",", with: ""), token: steward)
                .expectProblem(.badRequest, "request.malformed")
            let spends = try await node.request(.get, "/api/v1/privacy/spends", token: steward).json()["spends"]?.arrayValue ?? []
            #expect(spends.isEmpty)
            #expect(try await node.logEvents().allSatisfy { $0.kind != "privacy.released" })
        }
    }
}
