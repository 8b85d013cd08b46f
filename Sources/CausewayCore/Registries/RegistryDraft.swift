/// What a steward submits to create a registry: the registry itself and how the catalogue
/// should describe it. A registry is published in the catalogue as a dataset whose one
/// distribution is the registry's API, so that it is found like any other data, harvested as
/// DCAT, and shared under agreements that name that dataset.
public struct RegistryDraft: Sendable, Hashable, Codable {
    public var code: String
    public var owner: String
    public var title: String
    public var description: String?
    public var schema: TableSchema
    public var identifierField: String
    public var accessRights: AccessRights
    /// Defaults to CC-BY-4.0 for an open registry and `restricted` otherwise.
    public var license: String?
    public var keywords: [String]?
    public var themes: [Theme]?
    public var contactPoint: ContactPoint?

    public init(code: String, owner: String, title: String, description: String? = nil, schema: TableSchema, identifierField: String,
                accessRights: AccessRights, license: String? = nil, keywords: [String]? = nil, themes: [Theme]? = nil,
                contactPoint: ContactPoint? = nil) {
        self.code = code
        self.owner = owner
        self.title = title
        self.description = description
        self.schema = schema
        self.identifierField = identifierField
        self.accessRights = accessRights
        self.license = license
        self.keywords = keywords
        self.themes = themes
        self.contactPoint = contactPoint
    }

    public var registry: Registry {
        Registry(code: code, owner: owner, title: title, description: description ?? "", schema: schema, identifierField: identifierField,
                 accessRights: accessRights)
    }

    /// The catalogue entry that describes the registry, its API at `apiURL`.
    public func dataset(apiURL: String, contactPoint fallback: ContactPoint?) -> DatasetDraft {
        var keywords = self.keywords ?? []
        if !keywords.contains("registry") { keywords.append("registry") }
        return DatasetDraft(
            name: code, title: title,
            description: (description ?? "").isEmpty ? "The \(title) register, kept by its owner as the single source of truth." : description ?? "",
            publisher: owner, keywords: keywords, themes: themes, contactPoint: contactPoint ?? fallback,
            license: license ?? (accessRights == .public ? "CC-BY-4.0" : "restricted"), accessRights: accessRights,
            accrualPeriodicity: .CONT,
            distributions: [DistributionDraft(title: "Registry API", description: "Records with their history, and the change feed.",
                                              format: "API", mediaType: "application/json", accessURL: apiURL, schema: schema)])
    }
}
