import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import Testing

/// Personal data cannot be opened by one person: a dataset's access rights open (personal →
/// restricted → public) only when a data steward and a DPO of its agency agree, one proposing
/// and the other approving, each step in the public log. An operator alone never can.
@Suite("Opening a dataset needs two people")
struct AccessChangeTests {
    static let dataset = "vulnerable-persons-register"

    @Test(arguments: Database.Engine.allCases) func personalDataIsOpenedOnlyByAStewardAndADPO(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let records = "/api/v1/datasets/\(Self.dataset)/records"
            #expect(try await node.request(.get, records).status != .ok, "personal data is not open")
            let current = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)").json()
            let opened = try Self.withAccessRights(current, "public")

            // The one-PUT bypass: an operator, then the owning agency's own steward.
            for user in ["operator", "hm.steward"] {
                try await node.request(.put, "/api/v1/datasets/\(Self.dataset)", json: opened, token: try await node.token(user))
                    .expectProblem(.forbidden, "dataset.access-change-required")
            }
            #expect(try await node.request(.get, records).status != .ok)

            let base = "/api/v1/datasets/\(Self.dataset)/access-changes"
            let proposal = #"{"accessRights":"public","reason":"The register is anonymised and may be published."}"#
            try await node.request(.post, base, json: proposal, token: try await node.token("operator")).expectProblem(.forbidden, "auth.forbidden")
            try await node.request(.post, base, json: proposal, token: try await node.token("hm.engineer")).expectProblem(.forbidden, "auth.forbidden")
            let steward = try await node.token("hm.steward")
            let proposed = try await node.request(.post, base, json: proposal, token: steward)
            #expect(proposed.status == .created, "\(proposed.text)")
            let id = try #require(try proposed.json()["id"]?.stringValue)
            #expect(try proposed.json()["state"]?.stringValue == "pending")
            #expect(try await node.request(.get, records).status != .ok, "a proposal changes nothing")

            try await node.request(.post, base + "/\(id)/approve", token: steward).expectProblem(.forbidden, "dataset.access-change.four-eyes")
            try await node.request(.post, base + "/\(id)/approve", token: try await node.token("operator")).expectProblem(.forbidden, "auth.forbidden")
            let approved = try await node.request(.post, base + "/\(id)/approve", token: try await node.token("hm.dpo"))
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(try approved.json()["state"]?.stringValue == "applied")
            #expect(try approved.json()["decidedAs"]?.stringValue == "dpo")
            #expect(try await node.request(.get, "/api/v1/datasets/\(Self.dataset)").json()["accessRights"]?.stringValue == "public")
            #expect(try await node.request(.get, records).status == .ok, "open now, to anyone")
            try await node.request(.post, base + "/\(id)/approve", token: try await node.token("hm.dpo")).expectProblem(.conflict, "dataset.access-change.state")

            // Closing it again is an ordinary edit.
            let closed = try Self.withAccessRights(try await node.request(.get, "/api/v1/datasets/\(Self.dataset)").json(), "personal")
            #expect(try await node.request(.put, "/api/v1/datasets/\(Self.dataset)", json: closed, token: try await node.token("hm.engineer")).status == .ok)
            #expect(try await node.request(.get, records).status != .ok)

            // Each step is in the log.
            let kinds = try await node.logEvents().filter { $0.subject == "dataset/\(Self.dataset)" }.map(\.kind)
            #expect(kinds == ["dataset.access-change.proposed", "dataset.access-change.applied"], "\(kinds)")
        }
    }

    /// A DPO may propose and a steward approve; either may reject, with a reason.
    @Test func eitherOrderAndRejection() async throws {
        try await TestNode.with { node in
            let base = "/api/v1/datasets/\(Self.dataset)/access-changes"
            let dpo = try await node.token("hm.dpo")
            let first = try await node.request(.post, base, json: #"{"accessRights":"restricted","reason":"Pseudonymised."}"#, token: dpo).json()
            let id = try #require(first["id"]?.stringValue)
            try await node.request(.post, base + "/\(id)/reject", json: #"{"reason":" "}"#, token: try await node.token("hm.steward"))
                .expectProblem(.unprocessableContent, "request.invalid")
            let rejected = try await node.request(.post, base + "/\(id)/reject", json: #"{"reason":"Not pseudonymised enough."}"#,
                                                  token: try await node.token("hm.steward")).json()
            #expect(rejected["state"]?.stringValue == "rejected" && rejected["decisionReason"]?.stringValue == "Not pseudonymised enough.")
            let second = try #require(try await node.request(.post, base, json: #"{"accessRights":"restricted","reason":"Now it is."}"#, token: dpo)
                .json()["id"]?.stringValue)
            let applied = try await node.request(.post, base + "/\(second)/approve", token: try await node.token("hm.steward")).json()
            #expect(applied["state"]?.stringValue == "applied" && applied["decidedAs"]?.stringValue == "steward")
            let listed = try await node.request(.get, base, token: dpo).json()["results"]?.arrayValue ?? []
            #expect(listed.compactMap { $0["state"]?.stringValue } == ["applied", "rejected"])
            try await node.request(.post, base, json: #"{"accessRights":"personal","reason":"Close it."}"#, token: dpo)
                .expectProblem(.conflict, "dataset.access-change.state")
        }
    }

    static func withAccessRights(_ dataset: JSONValue, _ rights: String) throws -> String {
        guard case .object(var fields) = dataset else { throw CancellationError() }
        fields["accessRights"] = .string(rights)
        for key in ["id", "issued", "modified"] { fields.removeValue(forKey: key) }
        if case .array(let distributions)? = fields["distributions"] {
            fields["distributions"] = .array(distributions.map { distribution in
                guard case .object(var item) = distribution else { return distribution }
                for key in ["mediaType", "byteSize", "dataVersion", "rows"] { item.removeValue(forKey: key) }
                return .object(item)
            })
        }
        return String(decoding: JSONWriter.bytes(.object(fields)).readableBytesView, as: UTF8.self)
    }
}
