import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import Testing

/// Two nodes on one database: what one writes, the other serves within its poll interval.
@Suite("Several nodes, one database")
struct MultiNodeTests {
    @Test func aWriteOnOneNodeReachesTheOther() async throws {
        let first = TestNode.configuration(demo: true)
        try await TestNode.with(configuration: first) { a in
            try await TestNode.with(configuration: try a.sibling()) { b in
                let token = try await a.token("hm.engineer")
                #expect(try await a.request(.post, "/api/v1/datasets", json: DatasetAPITests.draft, token: token).status == .created)
                // B learns of it through its poll loop (once a second), without being told.
                var seen = false
                for _ in 0..<40 where !seen {
                    try await Task.sleep(for: .milliseconds(100))
                    seen = try await b.request(.get, "/api/v1/datasets/flu-sentinel").status == .ok
                }
                #expect(seen)
                #expect(try await b.request(.get, "/api/3/action/package_search?q=sentinel").json()["result"]?["count"]?.intValue == 1)
                // B accepts A's session tokens: the signing key lives in the shared database.
                #expect(try await b.request(.get, "/api/v1/session", token: token).status == .ok)
            }
        }
    }

    /// A suspension on one node reaches the other node's policy snapshot within its poll
    /// interval: the gateway there stops allowing calls without being told.
    @Test func aSuspensionOnOneNodeReachesTheOthersPolicy() async throws {
        let first = TestNode.configuration(demo: true)
        try await TestNode.with(configuration: first) { a in
            try await TestNode.with(configuration: try a.sibling()) { b in
                let request = PolicyRequest(consumer: "social-services", system: "shielding-portal", provider: "health-ministry",
                                            target: .dataset("vulnerable-persons-register"), purpose: "shielding-support",
                                            method: "GET", at: Date())
                #expect(b.node.policy.snapshot.decide(request).grant != nil)
                let suspended = try await a.request(.post, "/api/v1/agreements/agr-demo-shielding/suspend",
                                                    json: #"{"reason":"Data breach reported"}"#, token: try await a.token("hm.dpo"))
                #expect(suspended.status == .ok)
                #expect(a.node.policy.snapshot.decide(request).denial?.code == .agreementSuspended, "the writing node at once")
                var code: PolicyDecision.Code?
                for _ in 0..<40 where code != .agreementSuspended {
                    try await Task.sleep(for: .milliseconds(100))
                    code = b.node.policy.snapshot.decide(request).denial?.code
                }
                #expect(code == .agreementSuspended, "the other node within its poll interval")
            }
        }
    }

    /// Two nodes hold one quota between them: calls admitted on one come off the other's
    /// buckets within its exchange interval.
    @Test func oneQuotaAcrossNodes() async throws {
        let first = TestNode.configuration(demo: true)
        try await TestNode.with(configuration: first) { a in
            try await ExchangeTests.load(a)
            try await TestNode.with(configuration: try a.sibling()) { b in
                let id = try await ExchangeTests.welfareAgreement(a, perMinute: 5, perDay: 1_000)
                let token = try await ExchangeTests.accessToken(a)
                // B must know the agreement before it can admit calls under it.
                try await b.node.policy.refresh()
                // B's first call makes its buckets, so that A's calls count as recent there.
                #expect(try await ExchangeTests.call(b, ExchangeTests.registry, token: token, purpose: "welfare-check").status == .ok)
                for _ in 0..<3 {
                    #expect(try await ExchangeTests.call(a, ExchangeTests.registry, token: token, purpose: "welfare-check").status == .ok)
                }
                // Within a couple of exchanges B has taken A's three calls off its own buckets:
                // one call of the five is left between them.
                #expect(a.node.quotas.counts().taken[id] == 3 && b.node.quotas.counts().taken[id] == 1)
                let spend = QuotaSpendRepository(database: b.node.database)
                var published: Int64 = 0
                for _ in 0..<40 where published != 4 {
                    try await Task.sleep(for: .milliseconds(100))
                    published = try await spend.others(than: "nobody", day: QuotaCounter.day(of: Date()))
                        .filter { $0.agreement == id }.map(\.calls).reduce(0, +)
                }
                #expect(published == 4, "both nodes' counts are in the database")
                try await Task.sleep(for: .milliseconds(1_500))
                var admitted = 0
                for _ in 0..<3 where try await ExchangeTests.call(b, ExchangeTests.registry, token: token, purpose: "welfare-check").status == .ok {
                    admitted += 1
                }
                #expect(admitted == 1, "five a minute across both nodes: 1 on B and 3 on A went before")
            }
        }
    }
}

extension TestNode {
    /// A second node on this node's database, given the deployment's master key as an operator
    /// would give it (the file the first node created).
    func sibling() throws -> NodeConfiguration {
        var configuration = TestNode.configuration(demo: false, database: node.configuration.resolvedDatabase)
        configuration.masterKeyFile = node.configuration.dataDirectory + "/" + MasterKeySource.fileName
        return configuration
    }
}
