import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Citizen's view and public report")
struct CitizenViewTests {
    static let portal = "social-services/citizen-portal"

    /// A citizen portal lists the calls about one person, each with a proof that verifies
    /// against the signed checkpoint it is given; nobody else may ask; rotating the subject
    /// key hides nothing already logged.
    @Test(arguments: Database.Engine.allCases) func aPortalSeesEveryAccessToAPersonWithProofs(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let token = try await ExchangeTests.accessToken(node)
            for (key, subject) in [("P1", "P1"), ("P2", "P1"), ("P3", "P2")] {
                #expect(try await ExchangeTests.call(node, ExchangeTests.registry + "/\(key)", token: token, subject: subject).status == .ok)
            }
            let portal = try await ExchangeTests.accessToken(node, Self.portal)
            let answer = try await node.request(.get, "/api/v1/transparency/subjects/P1", token: portal)
            #expect(answer.status == .ok, "\(answer.text)")
            let body = try answer.json()
            let checkpoint = try Checkpoint.open(try #require(body["checkpoint"]?.stringValue), verifier: node.node.checkpoints.signer.verifier)
            let accesses = try #require(body["accesses"]?.arrayValue)
            #expect(accesses.count == 2)
            for access in accesses {
                #expect(access["consumer"]?.stringValue == "social-services/shielding-portal")
                #expect(access["provider"]?.stringValue == "health-ministry")
                #expect(access["purpose"]?.stringValue == "shielding-support")
                #expect(access["agreement"]?.stringValue == "agr-demo-shielding")
                let entry = try #require(access["entry"]?.stringValue.flatMap { Data(base64Encoded: $0) })
                let proof = (access["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { Data(base64Encoded: $0) }.map(Array.init) }
                try ProofVerifier.verifyInclusion(leafHash: MerkleHash.leaf(Array(entry)), index: UInt64(try #require(access["index"]?.intValue)),
                                                  size: checkpoint.size, proof: proof, root: checkpoint.root)
            }
            // P2 is the subject of the third call and the record the second call read by key.
            #expect(try await node.request(.get, "/api/v1/transparency/subjects/P2", token: portal).json()["accesses"]?.arrayValue?.count == 2)
            #expect(try await node.request(.get, "/api/v1/transparency/subjects/nobody", token: portal).json()["accesses"]?.arrayValue?.count == 0)

            try await node.request(.get, "/api/v1/transparency/subjects/P1", token: token).expectProblem(.forbidden, "auth.forbidden")
            try await node.request(.get, "/api/v1/transparency/subjects/P1").expectProblem(.unauthorized, "auth.missing")
            try await node.request(.get, "/api/v1/transparency/subjects/P1", token: try await node.token("operator"))
                .expectProblem(.unauthorized, "auth.invalid")
            try await node.request(.get, "/api/v1/transparency/subjects/P1?limit=0", token: portal).expectProblem(.badRequest, "request.parameter")

            let before = try #require(node.node.subjects.hash("P1"))
            try await node.node.subjects.rotate()
            #expect(node.node.subjects.hash("P1") != before)
            #expect(try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token, subject: "P1").status == .ok)
            let after = try await node.request(.get, "/api/v1/transparency/subjects/P1", token: portal).json()
            #expect(after["accesses"]?.arrayValue?.count == 3, "entries hashed with the retired key are still found")
        }
    }

    /// Calls are counted per month, provider, consumer, purpose and outcome; a cell under five
    /// is shown as suppressed, never as its number; anyone may read the report.
    @Test(arguments: Database.Engine.allCases) func theReportCountsCallsAndSuppressesSmallCells(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let token = try await ExchangeTests.accessToken(node)
            for _ in 0..<6 { _ = try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token) }
            for _ in 0..<2 { _ = try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token, purpose: "marketing") }
            let report = try await node.request(.get, "/api/v1/transparency/report").json()
            #expect(report["suppressionThreshold"]?.intValue == 5)
            let rows = try #require(report["rows"]?.arrayValue)
            let answered = try #require(rows.first { $0["outcome"]?.stringValue == "call" && $0["purpose"]?.stringValue == "shielding-support" })
            #expect(answered["calls"]?.intValue == 6 && answered["suppressed"]?.boolValue == false)
            #expect(answered["provider"]?.stringValue == "health-ministry" && answered["consumer"]?.stringValue == "social-services")
            // A purpose no agreement names is counted as unknown: the report shows no caller's text.
            #expect(!rows.contains { $0["purpose"]?.stringValue == "marketing" })
            let refused = try #require(rows.first { $0["purpose"]?.stringValue == "unknown" })
            #expect(refused["calls"] == nil && refused["suppressed"]?.boolValue == true && refused["outcome"]?.stringValue == "refused")
            let month = try #require(answered["month"]?.stringValue)
            #expect(try await node.request(.get, "/api/v1/transparency/report?month=\(month)&provider=nobody").json()["rows"]?.arrayValue?.count == 0)
            try await node.request(.get, "/api/v1/transparency/report?month=2026").expectProblem(.badRequest, "request.parameter")
        }
    }

    /// The report's month arithmetic agrees with the calendar on every day across four centuries.
    @Test func monthsMatchTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        for day in stride(from: -80_000, to: 80_000, by: 1) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 43_210.5)
            let parts = calendar.dateComponents([.year, .month], from: date)
            #expect(TransparencyCount.Period.month.name(of: date) == String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0), "day \(day)")
        }
    }

    /// Weeks are named by their Monday, as the ISO 8601 calendar has it, across four centuries.
    @Test func weeksStartOnMonday() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        for day in stride(from: -80_000, to: 80_000, by: 3) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 86_399.5)
            guard let monday = calendar.dateInterval(of: .weekOfYear, for: date)?.start else { Issue.record("no week for day \(day)"); return }
            let parts = calendar.dateComponents([.year, .month, .day], from: monday)
            #expect(TransparencyCount.Period.week.name(of: date)
                    == String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0), "day \(day)")
        }
        #expect(TransparencyCount.Period.week.name(of: Date(timeIntervalSince1970: 1_796_100_000)) == "2026-11-30")
    }

    @Test func suppressionRule() {
        let cell = TransparencyCount.Cell(period: "2026-11", provider: "p", consumer: "c", purpose: "x", outcome: "call")
        let rows = SmallCellSuppression.apply([TransparencyCount(cell: cell, calls: 4), TransparencyCount(cell: cell, calls: 5)])
        #expect(rows.map(\.calls) == [nil, 5])
    }
}
