/// A private query's answer: each figure with its accuracy, and what the answer cost.
///
/// The accuracy is computed from the noise distribution, not estimated: a count, sum or
/// histogram bin lies within its `interval` of the true value with probability at least
/// `confidence`; a mean's interval is the corners of its sum's and count's (each at
/// 97.5%), so it covers at least as often; a quantile's value has a rank within
/// `rankError` rows of the rank asked for.
public struct PrivateAnswer: Sendable, Hashable, Encodable {
    public struct Interval: Sendable, Hashable, Encodable {
        public var lower: Double
        public var upper: Double
    }

    public struct Figure: Sendable, Hashable, Encodable {
        /// The group's key, column by column, as text.
        public var group: [String: String]?
        /// A histogram bin: values from `lower` up to (not including) `upper`; the last bin includes it.
        public var bin: Interval?
        public var quantile: Double?
        public var value: Double
        public var interval: Interval?
        public var rankError: Int64?
    }

    public var statistic: PrivateQuery.Statistic
    public var mechanism: NoiseMechanism.Kind
    /// The scale of the noise on each figure (Laplace b or Gaussian σ, in the figure's units).
    public var noiseScale: Double
    public var confidence: Double
    /// What the answer cost, fixed before any data was read.
    public var rho: Double
    /// The pure ε, when every figure got Laplace noise.
    public var epsilon: Double?
    /// The δ of a threshold release (0 when every group was declared).
    public var delta: Double
    /// A group found in the data shows only with a noisy count of at least this.
    public var threshold: Int64?
    public var rowsPerPerson: Int64
    public var figures: [Figure]
}
