import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import Testing

/// Two nodes on one database, on each engine: what one writes, the other serves without being
/// told — at once on PostgreSQL (the database announces each change), within the once-a-second
/// poll on a shared SQLite file. Each check waits for its condition with a deadline instead of
/// sleeping a fixed time.
@Suite("Several nodes, one database")
struct MultiNodeTests {
    @Test(arguments: Database.Engine.allCases) func aWriteOnOneNodeReachesTheOther(engine: Database.Engine) async throws {
        let first = try await TestNode.configuration(demo: true, engine: engine)
        try await TestNode.with(configuration: first) { a in
            try await TestNode.with(configuration: try await a.sibling()) { b in
                let token = try await a.token("hm.engineer")
                #expect(try await a.request(.post, "/api/v1/datasets", json: DatasetAPITests.draft, token: token).status == .created)
                let seen = try await eventually { try await b.request(.get, "/api/v1/datasets/flu-sentinel").status == .ok }
                #expect(seen)
                #expect(try await b.request(.get, "/api/3/action/package_search?q=sentinel").json()["result"]?["count"]?.intValue == 1)
                // B accepts A's session tokens: the signing key lives in the shared database.
                #expect(try await b.request(.get, "/api/v1/session", token: token).status == .ok)
            }
        }
    }

    /// A suspension on one node reaches the other node's policy snapshot: the gateway there
    /// stops allowing calls without being told.
    @Test(arguments: Database.Engine.allCases) func aSuspensionOnOneNodeReachesTheOthersPolicy(engine: Database.Engine) async throws {
        let first = try await TestNode.configuration(demo: true, engine: engine)
        try await TestNode.with(configuration: first) { a in
            try await TestNode.with(configuration: try await a.sibling()) { b in
                let request = PolicyRequest(consumer: "social-services", system: "shielding-portal", provider: "health-ministry",
                                            target: .dataset("vulnerable-persons-register"), purpose: "shielding-support",
                                            method: "GET", at: Date())
                #expect(b.node.policy.snapshot.decide(request).grant != nil)
                let suspended = try await a.request(.post, "/api/v1/agreements/agr-demo-shielding/suspend",
                                                    json: #"{"reason":"Data breach reported"}"#, token: try await a.token("hm.dpo"))
                #expect(suspended.status == .ok)
                #expect(a.node.policy.snapshot.decide(request).denial?.code == .agreementSuspended, "the writing node at once")
                let refused = try await eventually { b.node.policy.snapshot.decide(request).denial?.code == .agreementSuspended }
                #expect(refused, "the other node without being told")
            }
        }
    }

    /// Two nodes hold one quota between them: calls admitted on one come off the other's
    /// buckets within its exchange interval.
    @Test(arguments: Database.Engine.allCases) func oneQuotaAcrossNodes(engine: Database.Engine) async throws {
        let first = try await TestNode.configuration(demo: true, engine: engine)
        try await TestNode.with(configuration: first) { a in
            try await ExchangeTests.load(a)
            try await TestNode.with(configuration: try await a.sibling()) { b in
                // Five a day as well as a minute: a day's bucket does not refill while a busy
                // machine runs the test, a minute's might.
                let id = try await ExchangeTests.welfareAgreement(a, perMinute: 5, perDay: 5)
                let token = try await ExchangeTests.accessToken(a)
                // B must know the agreement before it can admit calls under it.
                try await b.node.policy.refresh()
                // B's first call makes its buckets, so that A's calls count as recent there.
                #expect(try await ExchangeTests.call(b, ExchangeTests.registry, token: token, purpose: "welfare-check").status == .ok)
                for _ in 0..<3 {
                    #expect(try await ExchangeTests.call(a, ExchangeTests.registry, token: token, purpose: "welfare-check").status == .ok)
                }
                #expect(a.node.quotas.counts(at: Date()).taken[id] == 3 && b.node.quotas.counts(at: Date()).taken[id] == 1)
                let spend = QuotaSpendRepository(database: b.node.database)
                let published = try await eventually {
                    try await spend.others(than: "nobody", day: QuotaCounter.day(of: Date()))
                        .filter { $0.agreement == id }.map(\.calls).reduce(0, +) == 4
                }
                #expect(published, "both nodes' counts are in the database")
                // Within a couple of exchanges B has taken A's three calls off its own buckets:
                // one call of the five is left between them.
                let debited = try await eventually { b.node.quotas.debited(agreement: id) == 3 }
                #expect(debited, "B charged A's three calls to its buckets")
                var admitted = 0
                for _ in 0..<3 where try await ExchangeTests.call(b, ExchangeTests.registry, token: token, purpose: "welfare-check").status == .ok {
                    admitted += 1
                }
                #expect(admitted == 1, "five across both nodes: 1 on B and 3 on A went before")
            }
        }
    }
}

extension TestNode {
    /// A second node on this node's database, given the deployment's master key as an operator
    /// would give it (the file the first node created).
    func sibling() async throws -> NodeConfiguration {
        var configuration = try await TestNode.configuration(demo: false, database: node.configuration.resolvedDatabase)
        configuration.masterKeyFile = node.configuration.dataDirectory + "/" + MasterKeySource.fileName
        return configuration
    }
}
