import Foundation

/// What an analyst asks of a hosted table through the privacy layer: one statistic, over the
/// rows a filter keeps, per group, at a stated privacy loss.
///
/// Everything that decides how much one person can move the answer is declared up front and
/// never read from the data: the bounds values are clamped to, how many rows one person may
/// contribute, and which group keys exist. That is what makes the noise scale a function of
/// the question alone, so the answer's accuracy can be stated with it.
///
/// ```json
/// {"dataset": "cases", "statistic": "mean", "column": "age", "bounds": {"lower": 0, "upper": 100},
///  "where": [{"field": "region", "op": "eq", "value": "North"}], "groupBy": ["sex"],
///  "perPerson": {"column": "person", "maxRows": 3}, "loss": {"epsilon": 0.5}}
/// ```
public struct PrivateQuery: Sendable, Hashable, Codable {
    public enum Statistic: String, Sendable, Hashable, Codable, CaseIterable {
        case count, sum, mean, quantile, histogram
    }

    public struct Bounds: Sendable, Hashable, Codable {
        public var lower: Double
        public var upper: Double

        public init(lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }
    }

    public struct Condition: Sendable, Hashable, Codable {
        public var field: String
        public var op: RecordQuery.Comparison?
        public var value: ConditionValue

        public init(field: String, op: RecordQuery.Comparison? = nil, value: ConditionValue) {
            self.field = field
            self.op = op
            self.value = value
        }
    }

    /// A filter's value as JSON gives it: text, a number or a boolean, read against the field.
    public enum ConditionValue: Sendable, Hashable, Codable {
        case text(String)
        case number(Double)
        case boolean(Bool)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .boolean(flag) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else { self = .text(try container.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .boolean(let flag): try container.encode(flag)
            }
        }

        var text: String {
            switch self {
            case .text(let text): text
            case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .boolean(let flag): flag ? "true" : "false"
            }
        }
    }

    public struct PerPerson: Sendable, Hashable, Codable {
        /// The column that identifies a person (never released).
        public var column: String
        /// The most rows one person contributes; more are dropped (the earliest are kept).
        public var maxRows: Int

        public init(column: String, maxRows: Int) {
            self.column = column
            self.maxRows = maxRows
        }
    }

    /// The loss as JSON states it: `{"epsilon": 0.5}` or `{"rho": 0.05}`.
    public struct Loss: Sendable, Hashable, Codable {
        public var epsilon: Double?
        public var rho: Double?

        public init(epsilon: Double? = nil, rho: Double? = nil) {
            self.epsilon = epsilon
            self.rho = rho
        }
    }

    /// The dataset (by id or name); the gateway's route names it instead.
    public var dataset: String?
    /// The hosted distribution; may be left out when the dataset hosts one table.
    public var distribution: String?
    public var statistic: Statistic
    public var column: String?
    public var bounds: Bounds?
    /// The unit a sum or mean is counted in (values are rounded to it); default 1 for whole
    /// numbers, 0.01 for decimals.
    public var granularity: Double?
    /// For `quantile`: which ones, each in (0, 1); default the median.
    public var quantiles: [Double]?
    /// For `histogram`: how many equal bins between the bounds (default 10).
    public var bins: Int?
    public var `where`: [Condition]?
    public var groupBy: [String]?
    /// Group keys the analyst declares (each as text, in `groupBy` order): every declared
    /// group is answered, zeros included, and no other.
    public var groups: [[String]]?
    public var perPerson: PerPerson?
    public var loss: Loss

    public init(dataset: String? = nil, distribution: String? = nil, statistic: Statistic, column: String? = nil, bounds: Bounds? = nil,
                granularity: Double? = nil, quantiles: [Double]? = nil, bins: Int? = nil, where conditions: [Condition]? = nil,
                groupBy: [String]? = nil, groups: [[String]]? = nil, perPerson: PerPerson? = nil, loss: Loss) {
        self.dataset = dataset
        self.distribution = distribution
        self.statistic = statistic
        self.column = column
        self.bounds = bounds
        self.granularity = granularity
        self.quantiles = quantiles
        self.bins = bins
        self.where = conditions
        self.groupBy = groupBy
        self.groups = groups
        self.perPerson = perPerson
        self.loss = loss
    }
}

/// A filter's comparison as a query document writes it (`"op": "gte"`).
extension RecordQuery.Comparison: Codable {}
