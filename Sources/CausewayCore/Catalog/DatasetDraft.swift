import Foundation

/// What a client submits to create or replace a dataset: everything but the fields the
/// catalogue owns (id, timestamps). Validation turns a draft into a ``Dataset`` or reports every
/// problem at once.
public struct DatasetDraft: Sendable, Hashable, Codable {
    public var name: String
    public var title: String
    public var description: String
    public var publisher: String
    public var keywords: [String]?
    public var themes: [Theme]?
    public var contactPoint: ContactPoint?
    public var license: String
    public var accessRights: AccessRights
    public var accrualPeriodicity: Frequency?
    public var temporal: TemporalCoverage?
    public var spatial: String?
    public var landingPage: String?
    public var version: String?
    public var distributions: [DistributionDraft]?

    public init(
        name: String, title: String, description: String, publisher: String, keywords: [String]? = nil,
        themes: [Theme]? = nil, contactPoint: ContactPoint? = nil, license: String, accessRights: AccessRights,
        accrualPeriodicity: Frequency? = nil, temporal: TemporalCoverage? = nil, spatial: String? = nil,
        landingPage: String? = nil, version: String? = nil, distributions: [DistributionDraft]? = nil
    ) {
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
    }

    public static let maxKeywords = 50
    public static let maxDistributions = 100

    /// Validates the draft and builds the dataset it describes.
    ///
    /// - Parameters:
    ///   - id: the dataset's id (new, or the existing one on replace).
    ///   - issued: when the dataset was first published (now, or the existing value on replace).
    ///   - now: the modification time.
    ///   - newID: mints ids for distributions submitted without one.
    public func validated(
        id: String, issued: Date, now: Date, newID: () -> String
    ) throws(ValidationError) -> Dataset {
        var validator = Validator()
        validator.check(Slug.isValid(name), "/name", "must be \(Slug.rule)")
        validator.requireText(title, "/title", maxLength: 300)
        validator.limitText(description, "/description", maxLength: 50_000)
        validator.check(Slug.isValid(publisher), "/publisher", "must be an agency code")
        validator.check(License.named(license) != nil, "/license",
                        "unknown licence; use one of \(License.all.map(\.id).joined(separator: ", "))")
        if accessRights != .public, let license = License.named(license) {
            validator.check(!license.isOpen || accessRights == .public, "/license",
                            "a \(accessRights.rawValue) dataset cannot carry an open licence; use 'restricted'")
        }
        let keywords = (self.keywords ?? []).map(\.trimmed)
        validator.check(keywords.count <= Self.maxKeywords, "/keywords", "at most \(Self.maxKeywords) keywords")
        for (index, keyword) in keywords.enumerated() {
            validator.check(!keyword.isEmpty && keyword.count <= 100, "/keywords/\(index)",
                            "keywords must be 1 to 100 characters")
        }
        if let contactPoint {
            validator.requireText(contactPoint.name, "/contactPoint/name", maxLength: 1_000)
            validator.check(ContactPoint.isPlausibleEmail(contactPoint.email) && contactPoint.email.utf8.count <= 254,
                            "/contactPoint/email", "must be an email address")
        }
        if let temporal {
            do { try temporal.validate() } catch { validator.merge(error, under: "/temporal") }
        }
        if let landingPage {
            validator.check(WebAddress.isValid(landingPage), "/landingPage", "must be an absolute http or https URL")
        }
        validator.limitText(spatial, "/spatial", maxLength: 300)
        validator.limitText(version, "/version", maxLength: 50)

        let drafts = distributions ?? []
        validator.check(drafts.count <= Self.maxDistributions, "/distributions",
                        "at most \(Self.maxDistributions) distributions")
        var distributions: [Distribution] = []
        var ids = Set<String>()
        for (index, draft) in drafts.enumerated() {
            let distribution = draft.distribution(id: draft.id ?? newID())
            validator.check(ids.insert(distribution.id).inserted, "/distributions/\(index)/id", "duplicate distribution id")
            do { try distribution.validate() } catch { validator.merge(error, under: "/distributions/\(index)") }
            distributions.append(distribution)
        }
        try validator.finish()

        var seenKeywords = Set<String>()
        return Dataset(
            id: id, name: name, title: title.trimmed, description: description, publisher: publisher,
            keywords: keywords.filter { seenKeywords.insert($0.lowercased()).inserted },
            themes: Array(Set(themes ?? [])).sorted { $0.rawValue < $1.rawValue },
            contactPoint: contactPoint, license: license, accessRights: accessRights,
            accrualPeriodicity: accrualPeriodicity ?? .UNKNOWN, temporal: temporal, spatial: spatial,
            landingPage: landingPage, version: version, distributions: distributions,
            issued: issued, modified: now
        )
    }
}

/// A distribution as submitted: like ``Distribution`` but the id is optional (minted if absent).
public struct DistributionDraft: Sendable, Hashable, Codable {
    public var id: String?
    public var title: String
    public var description: String?
    public var format: String
    public var mediaType: String?
    public var accessURL: String?
    public var downloadURL: String?
    public var byteSize: Int?
    public var schema: TableSchema?
    /// How the CSV data is written (Frictionless `dialect`); nil is RFC 4180 with a header.
    public var dialect: CSVDialect?

    public init(
        id: String? = nil, title: String, description: String? = nil, format: String, mediaType: String? = nil,
        accessURL: String? = nil, downloadURL: String? = nil, byteSize: Int? = nil, schema: TableSchema? = nil,
        dialect: CSVDialect? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.format = format
        self.mediaType = mediaType
        self.accessURL = accessURL
        self.downloadURL = downloadURL
        self.byteSize = byteSize
        self.schema = schema
        self.dialect = dialect
    }

    public init(_ distribution: Distribution) {
        self.init(
            id: distribution.id, title: distribution.title, description: distribution.description,
            format: distribution.format, mediaType: distribution.mediaType, accessURL: distribution.accessURL,
            downloadURL: distribution.downloadURL, byteSize: distribution.byteSize, schema: distribution.schema,
            dialect: distribution.dialect
        )
    }

    public func distribution(id: String) -> Distribution {
        Distribution(
            id: id, title: title.trimmed, description: description, format: format.trimmed, mediaType: mediaType,
            accessURL: accessURL, downloadURL: downloadURL, byteSize: byteSize, schema: schema,
            dialect: dialect
        )
    }
}

extension DatasetDraft {
    /// The draft that would recreate `dataset`: the starting point for partial edits.
    public init(_ dataset: Dataset) {
        self.init(
            name: dataset.name, title: dataset.title, description: dataset.description, publisher: dataset.publisher,
            keywords: dataset.keywords, themes: dataset.themes, contactPoint: dataset.contactPoint,
            license: dataset.license, accessRights: dataset.accessRights,
            accrualPeriodicity: dataset.accrualPeriodicity, temporal: dataset.temporal, spatial: dataset.spatial,
            landingPage: dataset.landingPage, version: dataset.version,
            distributions: dataset.distributions.map(DistributionDraft.init)
        )
    }
}
