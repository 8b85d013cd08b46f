import Foundation

/// A catalogue entry (DCAT `Dataset`, a CKAN "package"): what data an agency holds, who to
/// ask, under which licence and access rights, and how to get it. This is the aggregate the
/// store persists whole; distributions have no life outside their dataset.
public struct Dataset: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The URL name, unique across the catalogue (CKAN's `name`).
    public var name: String
    public var title: String
    public var description: String
    /// The publishing agency's code.
    public var publisher: String
    public var keywords: [String]
    public var themes: [Theme]
    public var contactPoint: ContactPoint?
    /// A licence id from ``License/all``.
    public var license: String
    public var accessRights: AccessRights
    public var accrualPeriodicity: Frequency
    public var temporal: TemporalCoverage?
    /// The place the data covers, in words ("Northern Region", "Capital City").
    public var spatial: String?
    public var landingPage: String?
    public var version: String?
    public var distributions: [Distribution]
    public var issued: Date
    public var modified: Date
    /// Set on a release of noisy tables (``ReleasePrivacy``): how its figures were protected.
    /// Only a release sets it; editing the dataset keeps it.
    public var privacy: ReleasePrivacy?

    public init(
        id: String, name: String, title: String, description: String, publisher: String,
        keywords: [String] = [], themes: [Theme] = [], contactPoint: ContactPoint? = nil,
        license: String, accessRights: AccessRights, accrualPeriodicity: Frequency = .UNKNOWN,
        temporal: TemporalCoverage? = nil, spatial: String? = nil, landingPage: String? = nil,
        version: String? = nil, distributions: [Distribution] = [], issued: Date, modified: Date,
        privacy: ReleasePrivacy? = nil
    ) {
        self.id = id
        self.name = name
        self.title = title
        self.description = description
        self.publisher = publisher
        self.keywords = keywords
        self.themes = themes
        self.contactPoint = contactPoint
        self.license = license
        self.accessRights = accessRights
        self.accrualPeriodicity = accrualPeriodicity
        self.temporal = temporal
        self.spatial = spatial
        self.landingPage = landingPage
        self.version = version
        self.distributions = distributions
        self.issued = issued
        self.modified = modified
        self.privacy = privacy
    }

    /// The distribution formats, deduplicated in order, as the format facet counts them.
    public var formats: [String] {
        var seen = Set<String>()
        return distributions.map { $0.format.uppercased() }.filter { seen.insert($0).inserted }
    }

    public func distribution(id: String) -> Distribution? {
        distributions.first { $0.id == id }
    }
}
