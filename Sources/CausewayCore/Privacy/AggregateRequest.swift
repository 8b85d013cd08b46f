/// The exact aggregates a private query needs from a hosted table, in the table's terms
/// (fields by position, values in whole units of a granularity): what the store computes in
/// SQL before any noise is added. Nothing in it comes from the data.
///
/// Per group of `keys` (and, when `extra` asks, per measure value or bin) the store returns
/// how many rows there are and the sum of the measure, each row's measure first rounded to
/// whole units and clamped to the bounds, and each person's rows beyond `perPerson.maxRows`
/// left out.
public struct AggregateRequest: Sendable, Hashable {
    public struct Measure: Sendable, Hashable {
        public var field: Int
        /// The bounds in whole units of `granularity`.
        public var lower: Int64
        public var upper: Int64
        public var granularity: Double

        public init(field: Int, lower: Int64, upper: Int64, granularity: Double) {
            self.field = field
            self.lower = lower
            self.upper = upper
            self.granularity = granularity
        }
    }

    /// A key computed from the measure, after the group keys.
    public enum Extra: Sendable, Hashable {
        case none
        /// The clamped measure itself (a quantile's distribution).
        case value
        /// Which of `count` equal bins between the bounds the clamped measure falls in.
        case bin(count: Int)
    }

    public struct PersonCap: Sendable, Hashable {
        public var field: Int
        public var maxRows: Int

        public init(field: Int, maxRows: Int) {
            self.field = field
            self.maxRows = maxRows
        }
    }

    public var filters: [RecordQuery.Filter]
    public var keys: [Int]
    public var measure: Measure?
    public var extra: Extra
    public var perPerson: PersonCap?

    public init(filters: [RecordQuery.Filter], keys: [Int], measure: Measure?, extra: Extra = .none, perPerson: PersonCap?) {
        self.filters = filters
        self.keys = keys
        self.measure = measure
        self.extra = extra
        self.perPerson = perPerson
    }
}

/// One group's exact aggregates.
public struct AggregateRow: Sendable, Hashable {
    public var keys: [CellValue]
    /// The measure value or bin, when the request asked for one.
    public var extra: Int64?
    public var count: Int64
    /// The sum of clamped measures in whole units (0 without a measure).
    public var sum: Int64

    public init(keys: [CellValue], extra: Int64? = nil, count: Int64, sum: Int64 = 0) {
        self.keys = keys
        self.extra = extra
        self.count = count
        self.sum = sum
    }
}
