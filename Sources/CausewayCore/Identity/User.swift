/// A person who signs in to the console or API. Passwords are never part of this type: the
/// store keeps the bcrypt hash beside it, so a `User` can be logged and encoded safely.
public struct User: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public var memberships: [Membership]
    /// An operator of the whole node (not of an agency). Operators can manage agencies and users,
    /// and fix any catalogue entry, but by design cannot approve agreements on an agency's behalf.
    public var isOperator: Bool

    public init(username: String, displayName: String, memberships: [Membership] = [], isOperator: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.memberships = memberships
        self.isOperator = isOperator
    }

    public func roles(in agency: String) -> Set<Role> {
        Set(memberships.filter { $0.agency == agency }.map(\.role))
    }

    public func has(_ role: Role, in agency: String) -> Bool {
        memberships.contains { $0.agency == agency && $0.role == role }
    }

    public static let minimumPasswordLength = 12

    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Username.isValid(username), "/username", "must be \(Username.rule)")
        validator.requireText(displayName, "/displayName", maxLength: 200)
        for (index, membership) in memberships.enumerated() {
            validator.check(Slug.isValid(membership.agency), "/memberships/\(index)/agency", "must be an agency code")
        }
        try validator.finish()
    }
}

/// Usernames: like slugs, but dots are allowed (`ana.silva`).
public enum Username {
    public static let rule = "2 to 64 characters: lowercase letters, digits, '.', '-' and '_'"

    public static func isValid(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard utf8.count >= 2, utf8.count <= 64 else { return false }
        return utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
