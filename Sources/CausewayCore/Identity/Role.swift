/// What a person may do for one agency. Roles are per agency because a steward of the land
/// authority has no say over the health ministry's data.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Manages the agency's users, systems and settings.
    case admin
    /// Owns the agency's data: publishes datasets and approves agreements as provider.
    case steward
    /// Data protection officer: signs off agreements that touch personal data.
    case dpo
    /// Registers datasets and services, uploads data, calls the gateway.
    case engineer
    /// Reads what the agency can see.
    case viewer
    /// A health authority's contact tracer: opens cases, issues upload codes to confirmed
    /// cases and reads their contact lists (each look logged).
    case tracer

    /// Order of authority, most first, so listings show the weightiest role first.
    private var rank: Int {
        switch self {
        case .admin: return 0
        case .steward: return 1
        case .dpo: return 2
        case .engineer: return 3
        case .viewer: return 4
        case .tracer: return 5
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// One role held in one agency.
public struct Membership: Sendable, Hashable, Codable {
    public var agency: String
    public var role: Role

    public init(agency: String, role: Role) {
        self.agency = agency
        self.role = role
    }
}
