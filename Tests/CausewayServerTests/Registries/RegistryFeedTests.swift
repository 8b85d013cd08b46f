import AsyncHTTPClient
import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The feed as stream readers see it, and registries read through the gateway: the demo's
/// address register (open) and population register (personal, shared with social services).
@Suite("Registry feeds and the gateway")
struct RegistryFeedTests {
    /// Reads a Server-Sent Events stream line by line.
    final class EventStream: @unchecked Sendable {
        // Used from one test task at a time: not shared across tasks.
        let response: HTTPClientResponse
        var iterator: HTTPClientResponse.Body.AsyncIterator
        var pending = ""

        init(_ response: HTTPClientResponse) {
            self.response = response
            iterator = response.body.makeAsyncIterator()
        }

        /// The next event's `id` and `data`, skipping comments; nil when the stream ends.
        func next() async throws -> (id: UInt64, data: JSONValue)? {
            while true {
                if let end = pending.range(of: "\n\n") {
                    let block = String(pending[..<end.lowerBound])
                    pending = String(pending[end.upperBound...])
                    var id: UInt64?, data: String?
                    for line in block.split(separator: "\n") {
                        if line.hasPrefix("id: ") { id = UInt64(line.dropFirst(4)) }
                        if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
                    }
                    if let id, let data { return (id, try JSONDecoder().decode(JSONValue.self, from: Data(data.utf8))) }
                    continue
                }
                guard let chunk = try await iterator.next() else { return nil }
                pending += String(buffer: chunk)
            }
        }
    }

    static func open(_ node: TestNode, _ path: String, headers: [(String, String)] = []) async throws -> EventStream {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(node.client.port))\(path)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        return EventStream(response)
    }

    @Test(arguments: Database.Engine.allCases) func aStreamDeliversEachWriteAndResumes(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("la.engineer")
            let registry = try await node.request(.get, "/api/v1/registries/addresses").json()
            let last = UInt64(try #require(registry["lastSequence"]?.intValue))
            #expect(registry["records"]?.intValue == 600)
            let stream = try await Self.open(node, "/api/v1/registries/addresses/changes/stream")
            let written = try await node.request(.patch, "/api/v1/registries/addresses/records/LA-0000002", json: """
                {"record":{"postcode":"MR1 9ZZ"},"reason":"Postcode corrected"}
                """, token: token)
            #expect(written.status == .ok, "\(written.text)")
            let event = try #require(try await stream.next())
            #expect(event.id == last + 1)
            #expect(event.data["subject"]?.stringValue == "LA-0000002" && event.data["data"]?["record"]?["postcode"]?.stringValue == "MR1 9ZZ")

            // A reconnecting client names the last event it saw and misses nothing after it.
            _ = try await node.request(.patch, "/api/v1/registries/addresses/records/LA-0000003", json: """
                {"record":{"postcode":"MR1 9ZY"},"reason":"Postcode corrected"}
                """, token: token)
            let resumed = try await Self.open(node, "/api/v1/registries/addresses/changes/stream", headers: [("Last-Event-ID", String(last))])
            #expect(try await resumed.next()?.id == last + 1)
            #expect(try await resumed.next()?.data["subject"]?.stringValue == "LA-0000003")
            // The demo's rename and its open report are in the feed too.
            let renamed = try await node.request(.get, "/api/v1/registries/addresses/changes?after=600&limit=1000").json().arrayValue ?? []
            #expect(renamed.contains { $0["type"]?.stringValue == "gov.causeway.registry.record.corrected" })
            #expect(renamed.contains { $0["type"]?.stringValue == "gov.causeway.registry.report.opened" })
            try await node.request(.get, "/api/v1/registries/addresses/changes/stream?after=999999").expectProblem(.badRequest, "feed.future")
        }
    }

    @Test(arguments: Database.Engine.allCases) func aPersonalRegistryIsReadOnlyUnderAnAgreement(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await ExchangeTests.accessToken(node)
            let base = "/exchange/statistics-office/registries/population"
            // Directly, another agency's people may not read it; its owner's may.
            let stranger = try await node.token("ss.engineer")
            try await node.request(.get, "/api/v1/registries/population/records/P0000001", token: stranger).expectProblem(.forbidden, "registry.not-open")
            let own = try await node.request(.get, "/api/v1/registries/population/records/P0000001", token: try await node.token("so.engineer"))
            #expect(try own.json()["record"]?["date_of_birth"]?.stringValue != nil)

            let answer = try await ExchangeTests.call(node, base + "/records/P0000001", token: token)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.headers[ExchangeHeaders.agreement] == "agr-demo-population-shielding")
            let record = try answer.json()["record"]
            #expect(record?["address_id"]?.stringValue?.hasPrefix("LA-") == true && record?["date_of_birth"] == nil)
            let index = try #require(answer.headers[ExchangeHeaders.auditIndex].flatMap { Int64($0) })
            let event = try #require(try await node.node.auditOutbox.entries(from: index, limit: 1).first?.event)
            // The person read is the subject, as a keyed hash, so they can see the read.
            #expect(event.details["subject"] == node.node.subjects.hash("P0000001") && event.details["target"] == "registries/population")
            try await ExchangeTests.call(node, base + "/records/P0000001", token: token, purpose: "marketing").expectProblem(.forbidden, "purpose.mismatch")
            try await ExchangeTests.call(node, base + "/records/P9999999", token: token).expectProblem(.notFound, "record.not-found")

            let pulled = try await ExchangeTests.call(node, base + "/changes?after=0&limit=5", token: token)
            let events = try #require(try pulled.json().arrayValue)
            #expect(events.count == 5 && events.allSatisfy { $0["data"]?["record"]?["date_of_birth"] == nil })

            // An open stream ends once the agreement is suspended.
            let secret = try #require(try await node.token("so.dpo") as String?)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(node.client.port))\(base)/changes/stream?after=0")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Causeway-Purpose", value: "shielding-support")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            let stream = EventStream(response)
            #expect(try await stream.next()?.data["data"]?["record"]?["date_of_birth"] == nil)
            let suspended = try await node.request(.post, "/api/v1/agreements/agr-demo-population-shielding/suspend",
                                                   json: #"{"reason":"Incident"}"#, token: secret)
            #expect(suspended.status == .ok, "\(suspended.text)")
            let ended = try await eventually(within: .seconds(10)) {
                while try await stream.next() != nil {}
                return true
            }
            #expect(ended)
        }
    }
}

/// The feed's retention: an operator's trim, and what a reader left behind is told.
@Suite("Registry feed retention")
struct RegistryFeedRetentionTests {
    @Test(arguments: Database.Engine.allCases) func aTrimmedFeedSaysHowToCatchUp(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            // The demo's addresses were loaded 400 days ago; a 100-day retention trims those events.
            let purger = RegistryFeedPurger(repository: node.node.registries, retention: .seconds(100 * 86_400), logger: TestNode.logger,
                                            clock: node.node.clock)
            #expect(try await purger.run(now: node.node.clock()) >= 600)
            let registry = try await node.request(.get, "/api/v1/registries/addresses").json()
            let first = try #require(registry["firstSequence"]?.intValue)
            #expect(first == 601)
            try await node.request(.get, "/api/v1/registries/addresses/changes?after=0").expectProblem(.gone, "feed.expired")
            try await node.request(.get, "/api/v1/registries/addresses/changes/stream?after=5").expectProblem(.gone, "feed.expired")
            let kept = try await node.request(.get, "/api/v1/registries/addresses/changes?after=\(first - 1)").json().arrayValue ?? []
            #expect(kept.first?["sequence"]?.stringValue == String(format: "%020d", first))
            // A second round finds nothing more to trim.
            #expect(try await purger.run(now: node.node.clock()) == 0)
        }
    }
}
