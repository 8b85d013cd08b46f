/// Where an agreement stands at a given moment. `active` and `expired` are never stored: they
/// follow from an approved agreement's validity period and the clock, so an agreement starts
/// and ends on time without a batch job, on every node alike.
public enum AgreementState: String, Sendable, Codable, CaseIterable, Hashable {
    case draft
    case submitted
    case approved
    case active
    case suspended
    case expired
    case revoked
    case rejected

    /// States from which nothing more can happen (an expired agreement can still be renewed,
    /// which drafts a new one).
    public var isFinal: Bool {
        switch self {
        case .expired, .revoked, .rejected: return true
        case .draft, .submitted, .approved, .active, .suspended: return false
        }
    }
}
