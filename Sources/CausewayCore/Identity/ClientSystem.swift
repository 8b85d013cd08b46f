/// A machine client of an agency (its case-management system, its statistics pipeline):
/// the party that holds client credentials and is named in data sharing agreements, written
/// `agency/system`.
public struct ClientSystem: Sendable, Hashable, Codable {
    public var agency: String
    public var code: String
    public var name: String
    public var description: String
    /// What else the system may do besides calling the gateway under agreements.
    public var roles: [SystemRole]

    public init(agency: String, code: String, name: String, description: String = "", roles: [SystemRole] = []) {
        self.agency = agency
        self.code = code
        self.name = name
        self.description = description
        self.roles = roles
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

/// Powers a system holds beyond the exchange. Only node operators grant them: each lets a
/// machine see across agencies.
public enum SystemRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The citizen portal: may list the accesses to a person's records
    /// (`/api/v1/transparency/subjects/…`), which is how a citizen sees who used their data.
    case citizenPortal = "citizen-portal"
}
