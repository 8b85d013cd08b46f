import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

/// Nodes' running quota counts, on both engines.
@Suite("Quota spend in the store")
struct QuotaSpendStoreTests {
    @Test(arguments: TestDatabase.engines)
    func countsArePublishedReadAndPruned(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let spend = QuotaSpendRepository(database: database)
            let now = Date()
            try await spend.publish(node: "a", day: "2026-11-29", counts: ["agr-1": 9], at: now)
            try await spend.publish(node: "a", day: "2026-11-30", counts: ["agr-1": 2, "agr-2": 5], at: now)
            try await spend.publish(node: "b", day: "2026-11-30", counts: ["agr-1": 4], at: now)
            // A node's count replaces its previous one.
            try await spend.publish(node: "a", day: "2026-11-30", counts: ["agr-1": 3], at: now)
            let seenByB = try await spend.others(than: "b", day: "2026-11-30").sorted { $0.agreement < $1.agreement }
            #expect(seenByB == [.init(agreement: "agr-1", node: "a", calls: 3), .init(agreement: "agr-2", node: "a", calls: 5)])
            #expect(try await spend.others(than: "a", day: "2026-11-30") == [.init(agreement: "agr-1", node: "b", calls: 4)])
            try await spend.prune(before: "2026-11-30")
            #expect(try await spend.others(than: "b", day: "2026-11-29").isEmpty)
            #expect(try await spend.others(than: "b", day: "2026-11-30").count == 2)
        }
    }
}
