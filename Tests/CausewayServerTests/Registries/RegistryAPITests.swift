import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The registry API end to end on a real node: creation into the catalogue, owner-only
/// writes with reasons, bitemporal reads, error reports and the pulled feed.
@Suite("Registries over HTTP")
struct RegistryAPITests {
    static let definition = """
        {"code":"test-addresses","owner":"land-authority","title":"Test addresses","accessRights":"public","identifierField":"address_id",
         "schema":{"fields":[{"name":"address_id","type":"string","constraints":{"required":true}},
                             {"name":"street","type":"string","constraints":{"required":true}},
                             {"name":"number","type":"integer","constraints":{"minimum":1}},{"name":"town","type":"string"}]}}
        """

    /// Creates the test registry as the land authority's engineer; returns their token.
    static func create(_ node: TestNode, definition: String = definition) async throws -> String {
        let token = try await node.token("la.engineer")
        let created = try await node.request(.post, "/api/v1/registries", json: definition, token: token)
        #expect(created.status == .created, "\(created.text)")
        return token
    }

    @Test(arguments: Database.Engine.allCases) func recordsOnBothTimeAxes(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await Self.create(node)
            // In the catalogue, as DCAT too, with the registry API as its distribution.
            let dataset = try await node.request(.get, "/api/v1/datasets/test-addresses").json()
            #expect(dataset["keywords"]?.arrayValue?.contains(.string("registry")) == true)
            #expect(dataset["distributions"]?[0]?["accessURL"]?.stringValue == "http://causeway.test/api/v1/registries/test-addresses")
            try await node.request(.post, "/api/v1/registries", json: Self.definition, token: token).expectProblem(.conflict, "registry.exists")

            let path = "/api/v1/registries/test-addresses/records/A-1"
            let created = try await node.request(.put, path, json: """
                {"record":{"address_id":"A-1","street":"Harbor Rd","number":12,"town":"Port Meridia"},"reason":"Survey","validFrom":"2026-01-01"}
                """, token: token)
            #expect(created.status == .created, "\(created.text)")
            #expect(try created.json()["record"]?["street"]?.stringValue == "Harbor Rd")

            // Only the owner's people write; unknown fields and bad values are named.
            let stranger = try await node.token("hm.engineer")
            try await node.request(.patch, path, json: #"{"record":{"number":13},"reason":"x"}"#, token: stranger).expectProblem(.forbidden, "auth.forbidden")
            let unknown = try await node.request(.patch, path, json: #"{"record":{"colour":"red"},"reason":"x"}"#, token: token)
            try unknown.expectProblem(.unprocessableContent, "request.invalid")
            #expect(try unknown.json()["errors"]?[0]?["pointer"]?.stringValue == "/record/colour")
            let below = try await node.request(.patch, path, json: #"{"record":{"number":0},"reason":"x"}"#, token: token)
            #expect(try below.json()["errors"]?[0]?["pointer"]?.stringValue == "/record/number")
            try await node.request(.patch, path, json: #"{"record":{"number":13}}"#, token: token).expectProblem(.unprocessableContent, "request.invalid")
            try await node.request(.patch, path, json: #"{"record":{"number":13},"reason":"x","validFrom":"2999-01-01"}"#, token: token)
                .expectProblem(.unprocessableContent, "request.invalid")
            try await node.request(.put, path, json: #"{"record":{"address_id":"A-2","street":"X"},"reason":"x"}"#, token: token)
                .expectProblem(.unprocessableContent, "request.invalid")

            // The street was renamed on 1 March; the registry learns it now (a back-dated correction).
            let before = try #require(try await node.request(.get, path).json()["sequence"]?.intValue)
            // A moment after the record was created and before the rename was learnt.
            try await Task.sleep(for: .milliseconds(20))
            let between = Date()
            try await Task.sleep(for: .milliseconds(20))
            let renamed = try await node.request(.patch, path, json: """
                {"record":{"street":"Harbour Road"},"reason":"Street renamed by council decision 14/2026","validFrom":"2026-03-01"}
                """, token: token)
            #expect(renamed.status == .ok, "\(renamed.text)")
            let now = try await node.request(.get, path).json()
            #expect(now["record"]?["street"]?.stringValue == "Harbour Road" && now["underInvestigation"]?.boolValue == false)
            #expect(try await node.request(.get, path + "?validAt=2026-02-01").json()["record"]?["street"]?.stringValue == "Harbor Rd")
            let knownBefore = UTCTime(between).iso8601
            let asKnown = try await node.request(.get, path + "?validAt=2026-04-01&knownAt=\(knownBefore)").json()
            #expect(asKnown["record"]?["street"]?.stringValue == "Harbor Rd")
            #expect(asKnown["recordedTo"]?.stringValue != nil)
            try await node.request(.get, path + "?validAt=2025-01-01").expectProblem(.notFound, "record.not-found")
            try await node.request(.get, path + "?validAt=yesterday").expectProblem(.badRequest, "request.parameter")

            let history = try await node.request(.get, path + "/history", token: token).json()
            #expect(history["versions"]?.arrayValue?.count == 3)
            #expect(history["versions"]?[0]?["author"]?.stringValue == "la.engineer")
            #expect(try await node.request(.get, path + "/history").json()["versions"]?[0]?["author"] == nil)

            // The feed has every change in order, as CloudEvents.
            let feed = try await node.request(.get, "/api/v1/registries/test-addresses/changes?after=0")
            #expect(feed.headers[.contentType] == "application/cloudevents-batch+json")
            let events = try #require(try feed.json().arrayValue)
            #expect(events.compactMap { $0["type"]?.stringValue } == ["gov.causeway.registry.record.created", "gov.causeway.registry.record.corrected"])
            #expect(events[1]["sequence"]?.stringValue == String(format: "%020d", before + 1))
            #expect(events[1]["data"]?["validFrom"]?.stringValue == "2026-03-01T00:00:00.000Z")
            #expect(feed.headers[.link]?.contains("after=2") == true)
            try await node.request(.get, "/api/v1/registries/test-addresses/changes?after=99").expectProblem(.badRequest, "feed.future")

            let retired = try await node.request(.delete, path + "?reason=Demolished", token: token)
            #expect(try retired.json()["retired"]?.boolValue == true)
            try await node.request(.delete, path, token: token).expectProblem(.badRequest, "request.parameter")
            #expect(try await node.request(.get, path + "?validAt=2026-04-01&knownAt=\(knownBefore)").json()["record"]?["number"]?.intValue == 12)
        }
    }

    @Test(arguments: Database.Engine.allCases) func errorReportsFlagTheRecordUntilResolved(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await Self.create(node)
            let load = try await node.request(.post, "/api/v1/registries/test-addresses/records", json: """
                {"records":[{"address_id":"A-1","street":"Harbour Road","number":12},{"address_id":"A-2","street":"Quay St","number":3}],
                 "reason":"Initial load"}
                """, token: token)
            #expect(load.status == .created, "\(load.text)")
            #expect(try load.json()["lastSequence"]?.intValue == 2)
            try await node.request(.post, "/api/v1/registries/test-addresses/records", json: """
                {"records":[{"address_id":"A-1","street":"Again","number":1}],"reason":"Again"}
                """, token: token).expectProblem(.conflict, "record.exists")

            let reporter = try await node.token("hm.engineer")
            let reports = "/api/v1/registries/test-addresses/records/A-2/reports"
            try await node.request(.post, reports, json: #"{"proposed":{"number":"three"},"note":"x"}"#, token: reporter)
                .expectProblem(.unprocessableContent, "request.invalid")
            try await node.request(.post, reports, json: #"{"proposed":{"number":4},"note":"x"}"#).expectProblem(.unauthorized, "auth.missing")
            let opened = try await node.request(.post, reports, json: #"{"proposed":{"number":4},"note":"The door says 4"}"#, token: reporter)
            #expect(opened.status == .created, "\(opened.text)")
            let report = try #require(try opened.json()["id"]?.stringValue)
            #expect(try await node.request(.get, "/api/v1/registries/test-addresses/records/A-2").json()["underInvestigation"]?.boolValue == true)
            let listed = try await node.request(.get, reports).json()
            #expect(listed["results"]?[0]?["reporterAgency"]?.stringValue == "health-ministry" && listed["results"]?[0]?["reporter"] == nil)

            // The owner's list; only the owner resolves.
            let inbox = try await node.request(.get, "/api/v1/registries/test-addresses/reports", token: token).json()
            #expect(inbox["results"]?.arrayValue?.count == 1)
            let accept = "/api/v1/registries/test-addresses/reports/\(report)/accept"
            try await node.request(.post, accept, json: #"{"resolution":"ok"}"#, token: reporter).expectProblem(.forbidden, "auth.forbidden")
            let accepted = try await node.request(.post, accept, json: #"{"resolution":"Checked on site","correction":{"number":4}}"#, token: token)
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(try accepted.json()["state"]?.stringValue == "accepted")
            let record = try await node.request(.get, "/api/v1/registries/test-addresses/records/A-2").json()
            #expect(record["underInvestigation"]?.boolValue == false && record["record"]?["number"]?.intValue == 4)
            try await node.request(.post, "/api/v1/registries/test-addresses/reports/\(report)/reject", json: #"{"resolution":"x"}"#, token: token)
                .expectProblem(.conflict, "report.resolved")

            let events = try #require(try await node.request(.get, "/api/v1/registries/test-addresses/changes").json().arrayValue)
            #expect(events.compactMap { $0["type"]?.stringValue }.map { $0.split(separator: ".").suffix(2).joined(separator: ".") }
                == ["record.created", "record.created", "report.opened", "record.updated", "report.resolved"])
            #expect(events[3]["data"]?["report"]?.stringValue == report)
        }
    }
}

/// Address matching over HTTP, one line at a time and a CSV in bulk, on the demo's register.
@Suite("Address matching over HTTP")
struct MatchAPITests {
    @Test(arguments: Database.Engine.allCases) func singleAndBulk(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let address = try #require(DemoAddresses.generate(count: 600).first {
                $0.unit == nil && $0.town == "Port Meridia" && $0.street != DemoAddresses.renamed.old
            })
            let typed = "\(address.number) \(address.street.replacingOccurrences(of: "Road", with: "rd")), port meridia"
            let found = try await node.request(.get, "/api/v1/registries/addresses/match?q=\(QueryString.escape(typed))").json()
            #expect(found["candidates"]?[0]?["id"]?.stringValue == address.id, "\(found)")
            #expect(found["class"]?.stringValue == "exact" || found["class"]?.stringValue == "probable")
            #expect(found["candidates"]?[0]?["record"]?["street"]?.stringValue == address.street)
            try await node.request(.get, "/api/v1/registries/addresses/match").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/api/v1/registries/population/match?q=x", token: try await node.token("so.engineer"))
                .expectProblem(.conflict, "registry.not-matchable")

            let token = try await node.token("hm.engineer")
            let csv = "ref,address\n1,\"\(typed)\"\n2,\"99999 Nowhere Lane, Atlantis\"\n"
            let started = try await node.client.execute(uri: "/api/v1/registries/addresses/match", method: .post,
                                                        headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"], body: ByteBuffer(string: csv))
            #expect(started.status == .accepted, "\(started.text)")
            let location = try #require(started.headers[.location])
            #expect(try await eventually { try await node.request(.get, location).json()["state"]?.stringValue == "succeeded" })
            let job = try await node.request(.get, location).json()
            #expect(job["rows"]?.intValue == 2 && job["done"]?.intValue == 2 && job["classes"]?["none"]?.intValue == 1)
            let result = try await node.request(.get, location + "/result.csv").text
            let lines = result.split(separator: "\r\n")
            #expect(lines.first == "ref,address,matched_id,match_score,match_class")
            #expect(lines.count == 3 && lines[1].contains(",\(address.id),") && lines[2].hasSuffix(",,none"))
        }
    }
}
