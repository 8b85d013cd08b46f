import CausewayCore
import Foundation
import Testing

/// A release's parts without a store: the tables' schema is known before any data is read,
/// the CSV holds each figure inside its interval, and the losses compose by addition.
@Suite("Private statistics releases (domain)")
struct ReleaseTests {
    @Test func aTableHoldsEachFigureWithItsInterval() throws {
        var random = SeededRandom(seed: 41)
        let plan = try PrivateQueryTests.plan(.init(statistic: .count, groupBy: ["region"], loss: .init(rho: 0.05)))
        let answer = try PrivateRelease(plan: plan).answer(
            [AggregateRow(keys: [.text("North")], count: 400), AggregateRow(keys: [.text("South")], count: 250)], using: &random)
        let schema = ReleasedTable.schema(statistic: .count, groupBy: plan.groupNames)
        #expect(schema.fieldNames == ["region", "value", "interval_lower", "interval_upper"])
        let lines = ReleasedTable.csv(answer, groupBy: plan.groupNames).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.first == ["region", "value", "interval_lower", "interval_upper"])
        // Every declared group is a row, the empty East too, so absence reveals nothing.
        #expect(lines.dropFirst().map { String($0[0]) } == ["North", "South", "East"])
        for line in lines.dropFirst() {
            let numbers = line.dropFirst().compactMap { Double($0) }
            #expect(numbers.count == 3 && numbers[1] <= numbers[0] && numbers[0] <= numbers[2], "\(line)")
        }
        // Quantiles state a rank error instead; cells with commas are quoted.
        #expect(ReleasedTable.schema(statistic: .quantile, groupBy: []).fieldNames == ["quantile", "value", "rank_error"])
        #expect(ReleasedTable.cell("Smith, \"J\"") == "\"Smith, \"\"J\"\"\"")
    }

    @Test func lossesComposeByAddition() {
        let pure = ReleasePrivacy.total([(rho: 0.08, epsilon: 0.4, delta: 0), (rho: 0.02, epsilon: 0.2, delta: 0)])
        #expect(pure.rho == 0.1 && pure.epsilon == 0.6 && pure.delta == 0)
        let mixed = ReleasePrivacy.total([(rho: 0.05, epsilon: nil, delta: 1e-6), (rho: 0.08, epsilon: 0.4, delta: 1e-6)])
        #expect(mixed.rho == 0.13 && mixed.epsilon == nil && mixed.delta == 2e-6)
    }

    @Test func aDraftIsCheckedBeforeAnythingIsRead() {
        let query = PrivateQuery(dataset: "other", statistic: .count, loss: .init(epsilon: 1))
        let draft = ReleaseDraft(source: "census", name: "census-counts", title: "Counts", description: "",
                                 tables: [.init(title: " ", query: query)] + Array(repeating: .init(title: "t", query: query), count: 20))
        #expect(throws: ValidationError.self) { try draft.validate() }
        do { try draft.validate() } catch {
            #expect(Set(error.errors.map(\.pointer)).isSuperset(of: ["/tables", "/tables/0/title", "/tables/0/query/dataset"]))
        }
    }
}
