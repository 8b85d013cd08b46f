/// A machine client of an agency (its case-management system, its statistics pipeline):
/// the party that holds client credentials and is named in data sharing agreements, written
/// `agency/system`.
public struct ClientSystem: Sendable, Hashable, Codable {
    public var agency: String
    public var code: String
    public var name: String
    public var description: String

    public init(agency: String, code: String, name: String, description: String = "") {
        self.agency = agency
        self.code = code
        self.name = name
        self.description = description
    }

    /// The `agency/system` form used as OAuth client id and in audit entries.
    public var qualifiedName: String { "\(agency)/\(code)" }

    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Slug.isValid(code), "/code", "must be \(Slug.rule)")
        validator.requireText(name, "/name", maxLength: 200)
        validator.limitText(description, "/description", maxLength: 10_000)
        try validator.finish()
    }
}
