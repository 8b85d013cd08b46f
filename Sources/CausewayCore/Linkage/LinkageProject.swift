import Foundation

/// A record linkage between agencies: one coordinator (the provider of the agreements that
/// permit it) and its partners, one linkage schema every party encodes with, a threshold and
/// a solver. Each party uploads its encodings once; when the last one arrives Causeway
/// compares them and keeps, for each party, only its own rows against opaque link
/// identifiers (and the similarity, where the project grants scores).
///
/// Invariant: the state only moves forward, `collecting` → `matching` → `matched` (or
/// `failed`) → `closed`, and a party appears at most once in `uploads`; closing deletes every
/// encoding (``LinkageProject/State/closed``). A value type; the store keeps it whole.
public struct LinkageProject: Sendable, Hashable, Codable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for parties' encodings.
        case collecting
        /// Every party has uploaded; the comparison is running.
        case matching
        /// Each party's result is ready to download.
        case matched
        /// The comparison could not be completed; `failure` says why.
        case failed
        /// The encodings are deleted; results stay readable by their party.
        case closed
    }

    /// How candidate pairs become links.
    public enum Solver: String, Sendable, Hashable, Codable, CaseIterable {
        /// One-to-one, most similar pairs first (anonlink's greedy solver).
        case greedy
        /// Every pair at or above the threshold; a row may be linked several times.
        case all
    }

    /// What each party learns about its rows.
    public enum Grant: String, Sendable, Hashable, Codable, CaseIterable {
        /// Its rows that matched, each against a link identifier shared by the matched rows.
        case links
        /// The same, with each link's Dice similarity.
        case scores
    }

    /// One party's upload, as every party may see it: who, when and how many records.
    public struct Upload: Sendable, Hashable, Codable {
        public var party: String
        public var records: Int
        public var uploadedBy: String
        public var at: Date

        public init(party: String, records: Int, uploadedBy: String, at: Date) {
            self.party = party
            self.records = records
            self.uploadedBy = uploadedBy
            self.at = at
        }
    }

    /// What the comparison did.
    public struct Outcome: Sendable, Hashable, Codable {
        public var comparisons: Int
        public var candidates: Int
        public var links: Int
        public var blocking: String
        public var seconds: Double
        public var finishedAt: Date

        public init(comparisons: Int, candidates: Int, links: Int, blocking: String, seconds: Double, finishedAt: Date) {
            self.comparisons = comparisons
            self.candidates = candidates
            self.links = links
            self.blocking = blocking
            self.seconds = seconds
            self.finishedAt = finishedAt
        }
    }

    public var id: String
    public var name: String
    public var title: String
    /// The coordinator: the agencies' agreements all have it as provider.
    public var owner: String
    /// Every party, the owner first.
    public var parties: [String]
    public var agreements: [String]
    public var schema: LinkageSchema
    public var threshold: Double
    public var solver: Solver
    public var grant: Grant
    /// The parties upload balanced encodings (``CLKBalancing``), twice the schema's length.
    public var balanced: Bool?
    public var state: State
    public var uploads: [Upload]
    public var outcome: Outcome?
    public var failure: String?
    public var createdBy: String
    public var createdAt: Date
    public var closedAt: Date?

    public init(id: String, name: String, title: String, owner: String, parties: [String], agreements: [String], schema: LinkageSchema,
                threshold: Double, solver: Solver, grant: Grant, createdBy: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.title = title
        self.owner = owner
        self.parties = parties
        self.agreements = agreements
        self.schema = schema
        self.threshold = threshold
        self.solver = solver
        self.grant = grant
        self.state = .collecting
        self.uploads = []
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The bytes of one encoding under the project's schema (twice as many balanced).
    public var encodingBytes: Int { schema.clkConfig.l / 8 * (balanced == true ? 2 : 1) }

    /// Whether each party's result can be downloaded: compared, and not failed (closing keeps
    /// the results).
    public var hasResults: Bool {
        outcome != nil && (state == .matched || state == .closed)
    }

    /// Whether `user` may act as the coordinator (create, close): a steward or admin of the owner.
    public func isCoordinator(_ user: User) -> Bool {
        user.memberships.contains { $0.agency == owner && [.admin, .steward].contains($0.role) }
    }

    /// The parties that have not uploaded yet, in the project's order.
    public var waitingFor: [String] {
        parties.filter { party in !uploads.contains { $0.party == party } }
    }
}
