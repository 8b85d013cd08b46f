import Foundation

/// A public body that publishes data and calls other agencies' data (a CKAN "organization").
public struct Agency: Sendable, Hashable, Codable, Identifiable {
    /// Stable short code used in URLs and agreements, e.g. `health-ministry`.
    public var code: String
    public var name: String
    public var description: String
    public var homepage: String?
    public var email: String?
    /// When the agency was registered on this deployment: set by the store, nil before (CKAN
    /// shows it as the organization's `created`).
    public var registered: Date?

    public var id: String { code }

    public init(code: String, name: String, description: String = "", homepage: String? = nil, email: String? = nil) {
        self.code = code
        self.name = name
        self.description = description
        self.homepage = homepage
        self.email = email
    }

    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Slug.isValid(code), "/code", "must be \(Slug.rule)")
        validator.requireText(name, "/name", maxLength: 200)
        validator.limitText(description, "/description", maxLength: 10_000)
        if let homepage { validator.check(WebAddress.isValid(homepage), "/homepage", "must be an absolute http or https URL") }
        if let email { validator.check(ContactPoint.isPlausibleEmail(email), "/email", "must be an email address") }
        try validator.finish()
    }
}
