import CausewayCore
import Foundation
import Testing

/// Private queries from the question to the noisy answer, without a store: the plan refuses
/// what cannot be answered privately, the cost is fixed by the question, and the stated
/// intervals cover the truth as often as they say.
@Suite("Private queries")
struct PrivateQueryTests {
    static let schema = TableSchema(fields: [
        .init(name: "person", type: .string),
        .init(name: "region", type: .string, constraints: .init(enum: ["North", "South", "East"])),
        .init(name: "age", type: .integer),
        .init(name: "income", type: .number),
        .init(name: "tested", type: .boolean),
        .init(name: "week", type: .integer),
        .init(name: "notes", type: .string),
    ])

    static func plan(_ query: PrivateQuery, allowed: Set<String>? = nil) throws -> PrivateQueryPlan {
        try PrivateQueryPlan(query, schema: schema, allowedFields: allowed)
    }

    /// Every problem of a query, as JSON pointers.
    static func problems(_ query: PrivateQuery, allowed: Set<String>? = nil) -> [String] {
        do {
            _ = try plan(query, allowed: allowed)
            return []
        } catch let error as ValidationError {
            return error.errors.map(\.pointer)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    @Test func badLossesBoundsAndGroupsAreRefusedWithPointers() {
        for epsilon in [0, -1, Double.nan, .infinity] {
            #expect(Self.problems(.init(statistic: .count, loss: .init(epsilon: epsilon))) == ["/loss/epsilon"])
        }
        #expect(Self.problems(.init(statistic: .count, loss: .init())) == ["/loss"])
        #expect(Self.problems(.init(statistic: .count, loss: .init(epsilon: 1, rho: 1))) == ["/loss"])
        // Bounds that contain no value, or none at all.
        #expect(Self.problems(.init(statistic: .sum, column: "age", bounds: .init(lower: 10, upper: 10), loss: .init(epsilon: 1))) == ["/bounds"])
        #expect(Self.problems(.init(statistic: .sum, column: "age", bounds: .init(lower: 0.2, upper: 0.8), loss: .init(epsilon: 1))) == ["/bounds"])
        #expect(Self.problems(.init(statistic: .mean, column: "age", loss: .init(epsilon: 1))) == ["/bounds"])
        #expect(Self.problems(.init(statistic: .sum, column: "notes", bounds: .init(lower: 0, upper: 1), loss: .init(epsilon: 1))) == ["/column"])
        // Free text, an unknown column, a column the agreement does not allow.
        #expect(Self.problems(.init(statistic: .count, groupBy: ["notes"], loss: .init(epsilon: 1))) == ["/groupBy/0"])
        #expect(Self.problems(.init(statistic: .count, groupBy: ["nope"], loss: .init(epsilon: 1))) == ["/groupBy/0"])
        #expect(Self.problems(.init(statistic: .count, where: [.init(field: "age", value: .text("old"))], loss: .init(epsilon: 1))) == ["/where/0/value"])
        #expect(Self.problems(.init(statistic: .count, groupBy: ["region"], loss: .init(epsilon: 1)), allowed: ["age"]) == ["/groupBy/0"])
        // Groups found in the data are released only by a count.
        #expect(Self.problems(.init(statistic: .sum, column: "age", bounds: .init(lower: 0, upper: 100), groupBy: ["week"], loss: .init(epsilon: 1)))
                == ["/groupBy"])
        #expect(Self.problems(.init(statistic: .quantile, column: "age", bounds: .init(lower: 0, upper: 100), quantiles: [1.5], loss: .init(rho: 0.1)))
                == ["/quantiles/0"])
    }

    @Test func groupsAreDeclaredOrThresholded() throws {
        let declared = try Self.plan(.init(statistic: .count, groupBy: ["region", "tested"], loss: .init(epsilon: 1)))
        guard case .declared(let keys) = declared.release else { Issue.record("expected declared groups"); return }
        #expect(keys.count == 6 && keys.first == [.text("North"), .boolean(false)])
        let found = try Self.plan(.init(statistic: .count, groupBy: ["week"], loss: .init(epsilon: 1)))
        guard case .threshold(let threshold) = found.release else { Issue.record("expected a threshold"); return }
        // One person's row (count 1) clears it only if Laplace(1) noise reaches threshold - 1:
        // P = e^{-(t-1)}/(1+e^{-1}) ≤ 10⁻⁶.
        #expect(threshold == 15 && found.delta == 1e-6)
        var random = SeededRandom(seed: 3)
        let release = try PrivateRelease(plan: found)
        let answer = release.answer([AggregateRow(keys: [.integer(1)], count: 1), AggregateRow(keys: [.integer(2)], count: 500)], using: &random)
        #expect(answer.figures.map { $0.group?["week"] } == ["2"])
        // Declared groups are all answered, empty ones too.
        let all = try PrivateRelease(plan: declared).answer([], using: &random)
        #expect(all.figures.count == 6)
    }

    @Test func theCostIsFixedByTheQuestion() throws {
        let count = try PrivateRelease(plan: Self.plan(.init(statistic: .count, loss: .init(epsilon: 0.5))))
        #expect(count.cost.rho == 0.125 && count.cost.epsilon == 0.5)
        let mean = try PrivateRelease(plan: Self.plan(.init(statistic: .mean, column: "age", bounds: .init(lower: 0, upper: 100), loss: .init(rho: 0.1))))
        #expect(abs(mean.cost.rho - 0.1) < 1e-9 && mean.cost.epsilon == nil)
        // Two quantiles over 0…100 (7 halvings and a total each) never cost more than asked.
        let quantiles = try PrivateRelease(plan: Self.plan(.init(statistic: .quantile, column: "age", bounds: .init(lower: 0, upper: 100),
                                                                 quantiles: [0.5, 0.9], loss: .init(epsilon: 1))))
        #expect((quantiles.cost.epsilon ?? 2) <= 1 && (quantiles.cost.epsilon ?? 0) > 0.99)
        // Three rows per person: three times the noise for the same loss.
        let capped = try PrivateRelease(plan: Self.plan(.init(statistic: .count, perPerson: .init(column: "person", maxRows: 3), loss: .init(epsilon: 0.5))))
        #expect(capped.noiseScale == 6)
    }

    /// The 95% intervals of counts and sums cover the true value in 95% ± 1% of 10,000 answers.
    /// (Noise is an integer, so the interval covers at least 95%: with a Gaussian σ of 10 the
    /// next whole number already gives 96%, hence scales of 10 and more here.)
    @Test(arguments: [PrivacyLoss.epsilon(0.1), .rho(0.0005)])
    func intervalsCoverAsStated(loss: PrivacyLoss) throws {
        let lossBody: PrivateQuery.Loss = switch loss {
        case .epsilon(let value): .init(epsilon: value)
        case .rho(let value): .init(rho: value)
        }
        var random = SeededRandom(seed: 17)
        for statistic in [PrivateQuery.Statistic.count, .sum] {
            let release = try PrivateRelease(plan: Self.plan(.init(statistic: statistic, column: "age", bounds: .init(lower: 0, upper: 90),
                                                                   loss: lossBody)))
            let truth = AggregateRow(keys: [], count: 4_321, sum: 170_000)
            let expected = statistic == .count ? 4_321.0 : 170_000
            var covered = 0
            for _ in 0..<10_000 {
                let figure = try #require(release.answer([truth], using: &random).figures.first)
                let interval = try #require(figure.interval)
                if interval.lower <= expected && expected <= interval.upper { covered += 1 }
            }
            #expect((9_400...9_600).contains(covered), "\(statistic) with \(loss): \(covered) of 10,000 intervals cover the truth")
        }
    }

    @Test func meansHistogramsAndQuantilesComeOutNearTheTruth() throws {
        var random = SeededRandom(seed: 23)
        // 10,000 people aged 0…99, evenly.
        let ages = (0..<100).map { AggregateRow(keys: [], extra: Int64($0), count: 100, sum: Int64($0) * 100) }
        let mean = try PrivateRelease(plan: Self.plan(.init(statistic: .mean, column: "age", bounds: .init(lower: 0, upper: 100), loss: .init(epsilon: 1))))
            .answer([AggregateRow(keys: [], count: 10_000, sum: 495_000)], using: &random)
        let figure = try #require(mean.figures.first)
        #expect(abs(figure.value - 49.5) < 1 && (figure.interval?.lower ?? 99) <= 49.5 && 49.5 <= (figure.interval?.upper ?? 0))
        let median = try PrivateRelease(plan: Self.plan(.init(statistic: .quantile, column: "age", bounds: .init(lower: 0, upper: 100),
                                                              quantiles: [0.5], loss: .init(epsilon: 1))))
            .answer(ages, using: &random)
        let half = try #require(median.figures.first)
        #expect(abs(half.value - 49.5) <= 3, "median \(half.value), rank error \(half.rankError ?? -1)")
        let bins = (0..<10).map { AggregateRow(keys: [], extra: Int64($0), count: 1_000) }
        let histogram = try PrivateRelease(plan: Self.plan(.init(statistic: .histogram, column: "age", bounds: .init(lower: 0, upper: 100),
                                                                 bins: 10, loss: .init(epsilon: 1))))
            .answer(bins, using: &random)
        #expect(histogram.figures.count == 10 && histogram.figures.allSatisfy { abs($0.value - 1_000) < 20 })
        #expect(histogram.figures.first?.bin?.lower == 0 && histogram.figures.first?.bin?.upper == 10)
    }
}
