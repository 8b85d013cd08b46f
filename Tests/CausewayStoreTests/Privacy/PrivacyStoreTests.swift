import CausewayCore
import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

/// The store's half of private statistics on both engines: exact aggregates that clamp,
/// cap rows per person and bin as the plan says, and a ledger that never lets concurrent
/// spends exceed a budget.
@Suite("Private statistics in the store")
struct PrivacyStoreTests {
    static let schema = TableSchema(fields: [
        .init(name: "person", type: .string), .init(name: "region", type: .string), .init(name: "age", type: .integer),
        .init(name: "income", type: .number),
    ])

    static func load(_ data: HostedDataRepository, rows: [[CellValue]]) async throws {
        _ = try await data.ingest(.init(distribution: "people-csv", dataset: "people", schema: schema, mode: .replace, uploadedBy: "tester",
                                        job: nil, now: Date(timeIntervalSince1970: 1_700_000_000))) { writer in
            _ = try await writer.write(rows)
            return .init(sha256: "x", byteSize: 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aggregatesClampCapAndBin(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let data = HostedDataRepository(database: database)
            // p1 has three rows; p2 one with an age above the bounds; p3 one with no age.
            try await Self.load(data, rows: [
                [.text("p1"), .text("N"), .integer(30), .number(10.004)], [.text("p1"), .text("N"), .integer(31), .number(20.006)],
                [.text("p1"), .text("S"), .integer(32), .number(1)], [.text("p2"), .text("S"), .integer(150), .number(-5)],
                [.text("p3"), .text("S"), .null, .number(2.5)],
            ])
            let all = try await data.aggregates(of: "people-csv", AggregateRequest(filters: [], keys: [1], measure: nil, perPerson: nil)).rows
            #expect(Set(all.map { "\($0.keys[0].plainText)=\($0.count)" }) == ["N=2", "S=3"])

            let ages = AggregateRequest.Measure(field: 2, lower: 0, upper: 100, granularity: 1)
            let capped = try await data.aggregates(of: "people-csv", AggregateRequest(filters: [], keys: [], measure: ages,
                                                                                     perPerson: .init(field: 0, maxRows: 2))).rows
            // p1's first two rows (30, 31), p2's 150 clamped to 100; p3 has no age.
            #expect(capped == [AggregateRow(keys: [], count: 3, sum: 161)])

            let income = AggregateRequest.Measure(field: 3, lower: -100, upper: 2_000, granularity: 0.01)
            let cents = try await data.aggregates(of: "people-csv", AggregateRequest(filters: [.init(field: 1, values: [.text("N")])], keys: [],
                                                                                    measure: income, perPerson: nil)).rows
            #expect(cents == [AggregateRow(keys: [], count: 2, sum: 1_000 + 2_000)])

            let binned = try await data.aggregates(of: "people-csv", AggregateRequest(filters: [], keys: [], measure: ages, extra: .bin(count: 4),
                                                                                     perPerson: nil)).rows
            #expect(Set(binned.map { "\($0.extra ?? -1):\($0.count)" }) == ["1:3", "3:1"])
            let values = try await data.aggregates(of: "people-csv", AggregateRequest(filters: [], keys: [], measure: ages, extra: .value,
                                                                                     perPerson: nil)).rows
            #expect(values.map { $0.extra ?? -1 }.sorted() == [30, 31, 32, 100])
        }
    }

    /// However many queries race for a budget, what is spent never exceeds it, and every
    /// refused query stored nothing.
    @Test(arguments: TestDatabase.engines)
    func concurrentSpendsNeverExceedTheBudget(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let ledger = PrivacyLedger(database: database)
            let budget = PrivacyBudget(rho: 1, dailyRho: 0.6)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var random = SeededRandom(seed: 99)
            // Spends of random sizes, in a random order, 16 at a time.
            let asks = (0..<60).map { _ in Double(Int.random(in: 1...12, using: &random)) / 100 }
            let admitted = try await withThrowingTaskGroup(of: Double?.self) { group in
                for (index, rho) in asks.enumerated() {
                    group.addTask {
                        let spend = PrivacyLedger.Spend(id: "s\(index)", agreement: "agr", system: "stats/pipeline", dataset: "people", statistic: "count",
                                                        rho: rho, epsilon: nil, delta: 0, analyst: "stats/pipeline", at: now)
                        do {
                            _ = try await ledger.spend(spend, budget: budget,
                                                       event: AuditEvent(kind: "privacy.spent", at: now, actor: "stats/pipeline", subject: "datasets/people",
                                                                         agencies: ["stats"], details: ["rho": "\(rho)"]))
                            return rho
                        } catch is PrivacyBudget.Exhausted {
                            return nil
                        }
                    }
                }
                var admitted: [Double] = []
                for try await result in group { if let result { admitted.append(result) } }
                return admitted
            }
            let spent = try await ledger.spent(agreement: "agr", system: "stats/pipeline", now: now)
            #expect(abs(spent.total - admitted.reduce(0, +)) < 1e-9)
            #expect(spent.total <= 0.6 + 1e-9, "today's allowance holds")
            #expect(spent.total > 0.45, "the allowance was used, not refused wholesale: \(spent.total)")
            #expect(try await ledger.spends(agreements: ["agr"]).count == admitted.count)
            // The next day the allowance renews; the total still binds.
            let tomorrow = now.addingTimeInterval(86_400)
            _ = try await ledger.spend(.init(id: "late", agreement: "agr", system: "stats/pipeline", dataset: "people", statistic: "sum", rho: 0.3,
                                             epsilon: nil, delta: 0, analyst: "stats/pipeline", at: tomorrow),
                                       budget: budget, event: AuditEvent(kind: "privacy.spent", at: tomorrow, actor: nil, subject: "datasets/people", agencies: []))
            await #expect(throws: PrivacyBudget.Exhausted.self) {
                try await ledger.spend(.init(id: "over", agreement: "agr", system: "stats/pipeline", dataset: "people", statistic: "sum",
                                             rho: 1 - spent.total - 0.3 + 0.01, epsilon: nil, delta: 0, analyst: "stats/pipeline", at: tomorrow),
                                       budget: budget, event: AuditEvent(kind: "privacy.spent", at: tomorrow, actor: nil, subject: "datasets/people", agencies: []))
            }
        }
    }

    /// The property, over many random cases: whatever the budget, the sizes of the asks, their
    /// order and how many run at once, (1) what is stored adds up to what was admitted,
    /// (2) never more than the budget or the day's allowance, and (3) every refused ask was
    /// larger than what is left at the end, so no query was refused that could have fitted.
    @Test(arguments: TestDatabase.engines)
    func noSequenceOfSpendsExceedsTheBudget(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let ledger = PrivacyLedger(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            for seed in UInt64(1)...12 {
                var random = SeededRandom(seed: seed * 7_919)
                let budget = PrivacyBudget(rho: Double(Int.random(in: 20...200, using: &random)) / 100,
                                           dailyRho: Bool.random(using: &random) ? Double(Int.random(in: 10...100, using: &random)) / 100 : nil)
                let asks = (0..<Int.random(in: 10...40, using: &random)).map { _ in Double(Int.random(in: 1...30_000, using: &random)) / 100_000 }
                let width = Int.random(in: 1...12, using: &random)
                let agreement = "agr-\(seed)"
                var outcomes: [(rho: Double, admitted: Bool)] = []
                // `width` spends at a time, in the random order the asks were drawn in.
                for start in stride(from: 0, to: asks.count, by: width) {
                    let batch = Array(asks[start..<min(asks.count, start + width)].enumerated())
                    outcomes += try await withThrowingTaskGroup(of: (Double, Bool).self) { group in
                        for (offset, rho) in batch {
                            group.addTask {
                                let spend = PrivacyLedger.Spend(id: "\(agreement)-\(start + offset)", agreement: agreement, system: "stats/pipeline",
                                                                dataset: "people", statistic: "count", rho: rho, epsilon: nil, delta: 0,
                                                                analyst: "stats/pipeline", at: now)
                                do {
                                    _ = try await ledger.spend(spend, budget: budget, event: AuditEvent(kind: "privacy.spent", at: now, actor: nil,
                                                                                                        subject: "datasets/people", agencies: []))
                                    return (rho, true)
                                } catch is PrivacyBudget.Exhausted {
                                    return (rho, false)
                                }
                            }
                        }
                        var results: [(Double, Bool)] = []
                        for try await result in group { results.append(result) }
                        return results
                    }
                }
                let spent = try await ledger.spent(agreement: agreement, system: "stats/pipeline", now: now)
                let admitted = outcomes.filter(\.admitted).map(\.rho)
                #expect(PrivacyBudget.micros(spent.total) == admitted.map(PrivacyBudget.micros).reduce(0, +), "seed \(seed)")
                #expect(try await ledger.spends(agreements: [agreement], limit: 1_000).count == admitted.count, "seed \(seed)")
                let limit = min(budget.rho, budget.dailyRho ?? .infinity)
                #expect(PrivacyBudget.micros(spent.total) <= PrivacyBudget.micros(limit), "seed \(seed): \(spent.total) of \(limit)")
                let left = PrivacyBudget.micros(limit) - PrivacyBudget.micros(spent.total)
                for refused in outcomes where !refused.admitted {
                    #expect(PrivacyBudget.micros(refused.rho) > left, "seed \(seed): \(refused.rho) refused with \(Double(left) / 1e6) left")
                }
            }
        }
    }
}
