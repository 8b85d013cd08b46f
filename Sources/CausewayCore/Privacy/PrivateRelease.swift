import Foundation

/// Turns a plan's exact aggregates into a noisy answer: the only place noise is added.
///
/// The cost is a function of the plan alone (``cost``), known before the store is asked for
/// anything, so a spend can be admitted first and a query refused for its budget has read
/// nothing. Pure: the generator is passed in (``SecureRandom`` in production).
public struct PrivateRelease: Sendable {
    public let plan: PrivateQueryPlan

    /// The noisy figures the answer is made of and the noise each gets.
    struct Recipe {
        var main: NoiseMechanism
        var count: NoiseMechanism?
        /// For quantiles: noisy comparisons per quantile (a binary search and a total).
        var steps: Int
        /// The half-widths the figures state, computed once (a Gaussian's is a sum over its support).
        var width: Double = 0
        var widthOfParts: (sum: Double, count: Double) = (0, 0)
        var widthOfStep: Double = 0

        init(main: NoiseMechanism, count: NoiseMechanism? = nil, steps: Int) {
            self.main = main
            self.count = count
            self.steps = steps
            width = Double(main.halfWidth())
            if let count {
                widthOfParts = (Double(main.halfWidth(confidence: 0.975)), Double(count.halfWidth(confidence: 0.975)))
            }
            if steps > 1 { widthOfStep = Double(main.halfWidth(confidence: 1 - 0.05 / Double(steps))) }
        }
    }

    public init(plan: PrivateQueryPlan) throws(NoiseMechanism.Unsupported) {
        self.plan = plan
        recipe = try Self.recipe(plan)
    }

    let recipe: Recipe

    static func recipe(_ plan: PrivateQueryPlan) throws(NoiseMechanism.Unsupported) -> Recipe {
        let k = UInt64(plan.rowsPerPerson)
        let span = plan.aggregates.measure.map { UInt64(max($0.lower.magnitude, $0.upper.magnitude)) } ?? 1
        switch plan.query.statistic {
        case .count, .histogram:
            return Recipe(main: try NoiseMechanism(loss: plan.loss, sensitivity: k), steps: 1)
        case .sum:
            return Recipe(main: try NoiseMechanism(loss: plan.loss, sensitivity: max(1, k * span)), steps: 1)
        case .mean:
            let half = plan.loss.share(2)
            return Recipe(main: try NoiseMechanism(loss: half, sensitivity: max(1, k * span)),
                          count: try NoiseMechanism(loss: half, sensitivity: k), steps: 1)
        case .quantile:
            let steps = Self.depth(plan) + 1
            return Recipe(main: try NoiseMechanism(loss: plan.loss.share(plan.quantiles.count).share(steps), sensitivity: k), steps: steps)
        }
    }

    /// How many halvings find any value between the bounds.
    static func depth(_ plan: PrivateQueryPlan) -> Int {
        guard let measure = plan.aggregates.measure else { return 0 }
        let values = UInt64(measure.upper - measure.lower) + 1
        return max(1, 64 - (values - 1).leadingZeroBitCount)
    }

    /// The scale of the noise on each figure, in the query's whole units (a quantile's
    /// comparisons, a mean's sum).
    public var noiseScale: Double { recipe.main.scale }

    /// What the answer costs, in ρ and (when every figure gets Laplace noise) pure ε.
    public var cost: (rho: Double, epsilon: Double?) {
        let parts = [recipe.main] + (recipe.count.map { [$0] } ?? [])
        let repeats = Double(plan.query.statistic == .quantile ? plan.quantiles.count * recipe.steps : 1)
        let rho = parts.reduce(0) { $0 + $1.rho } * repeats
        let epsilons = parts.compactMap(\.epsilon)
        let epsilon = epsilons.count == parts.count ? epsilons.reduce(0, +) * repeats : nil
        return (PrivacyLoss.tidy(rho), epsilon.map(PrivacyLoss.tidy))
    }

    /// The answer from the store's exact rows.
    public func answer(_ rows: [AggregateRow], using random: inout some RandomNumberGenerator) -> PrivateAnswer {
        let grouped = Dictionary(grouping: rows, by: \.keys)
        let keys: [[CellValue]]
        var threshold: Int64?
        switch plan.release {
        case .single: keys = [[]]
        case .declared(let declared): keys = declared
        case .threshold(let value):
            threshold = value
            keys = grouped.keys.sorted { $0.map(\.plainText).lexicographicallyPrecedes($1.map(\.plainText)) }
        }
        let granularity = plan.aggregates.measure?.granularity ?? 1
        var figures: [PrivateAnswer.Figure] = []
        for key in keys {
            let group = plan.groupNames.isEmpty ? nil : Dictionary(uniqueKeysWithValues: zip(plan.groupNames, key.map(\.plainText)))
            let groupRows = grouped[key] ?? []
            switch plan.query.statistic {
            case .count:
                let value = groupRows.reduce(0) { $0 + $1.count } + recipe.main.sample(using: &random)
                if let threshold, value < threshold { continue }
                figures.append(figure(group: group, value: Double(value), halfWidth: recipe.width, floor: 0))
            case .sum:
                let value = groupRows.reduce(0) { $0 + $1.sum } + recipe.main.sample(using: &random)
                figures.append(figure(group: group, value: Double(value) * granularity, halfWidth: recipe.width * granularity))
            case .mean:
                figures.append(mean(group: group, rows: groupRows, using: &random))
            case .histogram:
                figures += histogram(group: group, rows: groupRows, using: &random)
            case .quantile:
                figures += quantiles(group: group, rows: groupRows, using: &random)
            }
        }
        let spent = cost
        return PrivateAnswer(statistic: plan.query.statistic, mechanism: recipe.main.kind,
                             noiseScale: recipe.main.scale * (plan.query.statistic == .sum || plan.query.statistic == .mean ? granularity : 1),
                             confidence: 0.95, rho: spent.rho, epsilon: spent.epsilon, delta: plan.delta, threshold: threshold,
                             rowsPerPerson: plan.rowsPerPerson, figures: figures)
    }

    func figure(group: [String: String]?, value: Double, halfWidth: Double, floor: Double? = nil) -> PrivateAnswer.Figure {
        let shown = floor.map { max($0, value) } ?? value
        let lower = value - halfWidth, upper = value + halfWidth
        return PrivateAnswer.Figure(group: group, value: shown,
                                    interval: .init(lower: floor.map { max($0, lower) } ?? lower, upper: floor.map { max($0, upper) } ?? upper))
    }

    func mean(group: [String: String]?, rows: [AggregateRow], using random: inout some RandomNumberGenerator) -> PrivateAnswer.Figure {
        guard let measure = plan.aggregates.measure, let countNoise = recipe.count else {
            return .init(group: group, value: 0)
        }
        let g = measure.granularity
        let low = Double(measure.lower), high = Double(measure.upper)
        let sum = Double(rows.reduce(0) { $0 + $1.sum } + recipe.main.sample(using: &random))
        let count = Double(rows.reduce(0) { $0 + $1.count } + countNoise.sample(using: &random))
        let value = min(max(sum / max(count, 1), low), high)
        // Each part within its 97.5% half-width, so both with at least 95%; the mean then
        // lies between the extreme ratios of the box's corners (when the count is surely positive).
        let (hs, hc) = recipe.widthOfParts
        var lower = low, upper = high
        if count - hc >= 1 {
            let corners = [(sum - hs) / (count - hc), (sum - hs) / (count + hc), (sum + hs) / (count - hc), (sum + hs) / (count + hc)]
            lower = max(low, corners.min() ?? low)
            upper = min(high, corners.max() ?? high)
        }
        return .init(group: group, value: value * g, interval: .init(lower: lower * g, upper: upper * g))
    }

    func histogram(group: [String: String]?, rows: [AggregateRow], using random: inout some RandomNumberGenerator) -> [PrivateAnswer.Figure] {
        guard let measure = plan.aggregates.measure, case .bin(let bins) = plan.aggregates.extra else { return [] }
        let counts = Dictionary(rows.map { ($0.extra ?? 0, $0.count) }, uniquingKeysWith: +)
        let width = Double(measure.upper - measure.lower) / Double(bins)
        let halfWidth = recipe.width
        return (0..<bins).map { bin in
            var figure = figure(group: group, value: Double(counts[Int64(bin), default: 0] + recipe.main.sample(using: &random)),
                                halfWidth: halfWidth, floor: 0)
            figure.bin = .init(lower: (Double(measure.lower) + width * Double(bin)) * measure.granularity,
                               upper: (Double(measure.lower) + width * Double(bin + 1)) * measure.granularity)
            return figure
        }
    }

    /// Noisy binary search: a noisy total, then at each halving a noisy count of the values at
    /// or below the middle, compared with the quantile's share of the noisy total.
    func quantiles(group: [String: String]?, rows: [AggregateRow], using random: inout some RandomNumberGenerator) -> [PrivateAnswer.Figure] {
        guard let measure = plan.aggregates.measure else { return [] }
        let values = rows.compactMap { row in row.extra.map { ($0, row.count) } }.sorted { $0.0 < $1.0 }
        var cumulative: [Int64] = []
        var running: Int64 = 0
        for (_, count) in values { running += count; cumulative.append(running) }
        func atOrBelow(_ x: Int64) -> Int64 {
            var low = 0, high = values.count
            while low < high { let middle = (low + high) / 2; if values[middle].0 <= x { low = middle + 1 } else { high = middle } }
            return low == 0 ? 0 : cumulative[low - 1]
        }
        let noise = recipe.main
        let h = recipe.widthOfStep
        return plan.quantiles.map { q in
            let total = Double(running + noise.sample(using: &random))
            let target = q * total
            var low = measure.lower, high = measure.upper
            while low < high {
                let middle = low + (high - low) / 2
                if Double(atOrBelow(middle) + noise.sample(using: &random)) >= target { high = middle } else { low = middle + 1 }
            }
            return PrivateAnswer.Figure(group: group, quantile: q, value: Double(low) * measure.granularity,
                                        rankError: Int64(((1 + q) * h).rounded(.up)))
        }
    }
}
