import Foundation

/// How an open dataset of noisy tables was protected: the privacy parameters a release
/// publishes in its metadata, so a reader can judge each figure and an auditor can add up
/// what was spent on the source.
///
/// The tables compose: the release's ρ (zero-concentrated DP) is the sum of the tables', its
/// pure ε the sum of theirs when every table got Laplace noise, and its δ the sum of the
/// thresholds' δs. Immutable once published; the dataset's edits carry it over unchanged.
public struct ReleasePrivacy: Sendable, Hashable, Codable {
    /// One table's mechanism and accuracy, as its answer stated them.
    public struct Table: Sendable, Hashable, Codable {
        /// The distribution that holds the table.
        public var distribution: String
        public var title: String
        public var statistic: PrivateQuery.Statistic
        public var column: String?
        public var groupBy: [String]
        public var mechanism: NoiseMechanism.Kind
        /// Laplace b or Gaussian σ, in the figures' units.
        public var noiseScale: Double
        /// The confidence of the `interval_lower`/`interval_upper` columns.
        public var confidence: Double
        public var rho: Double
        public var epsilon: Double?
        public var delta: Double
        /// Groups found in the data show only when their noisy count reached this.
        public var threshold: Int64?
        public var rowsPerPerson: Int64
    }

    /// The dataset the figures were computed from, and its data version then.
    public var source: String
    public var sourceVersion: Int
    public var rho: Double
    public var epsilon: Double?
    public var delta: Double
    public var released: Date
    /// The steward who published it.
    public var releasedBy: String
    public var tables: [Table]

    /// The parameters of `answers`, each with the distribution that will hold it.
    public init(source: String, sourceVersion: Int, released: Date, releasedBy: String,
                answers: [(distribution: String, title: String, query: PrivateQuery, groupBy: [String], answer: PrivateAnswer)]) {
        self.source = source
        self.sourceVersion = sourceVersion
        self.released = released
        self.releasedBy = releasedBy
        tables = answers.map { part in
            Table(distribution: part.distribution, title: part.title, statistic: part.answer.statistic, column: part.query.column,
                  groupBy: part.groupBy, mechanism: part.answer.mechanism, noiseScale: part.answer.noiseScale,
                  confidence: part.answer.confidence, rho: part.answer.rho, epsilon: part.answer.epsilon, delta: part.answer.delta,
                  threshold: part.answer.threshold, rowsPerPerson: part.answer.rowsPerPerson)
        }
        (rho, epsilon, delta) = Self.total(tables.map { ($0.rho, $0.epsilon, $0.delta) })
    }

    /// Sequential composition: ρs add, pure εs add (when every part has one), δs add
    /// (each sum tidied as ``PrivacyLoss/tidy(_:)`` does).
    public static func total(_ parts: [(rho: Double, epsilon: Double?, delta: Double)]) -> (rho: Double, epsilon: Double?, delta: Double) {
        let epsilons = parts.compactMap(\.epsilon)
        return (PrivacyLoss.tidy(parts.reduce(0) { $0 + $1.rho }), epsilons.count == parts.count ? PrivacyLoss.tidy(epsilons.reduce(0, +)) : nil,
                PrivacyLoss.tidy(parts.reduce(0) { $0 + $1.delta }))
    }

    public func table(distribution: String) -> Table? {
        tables.first { $0.distribution == distribution }
    }
}
