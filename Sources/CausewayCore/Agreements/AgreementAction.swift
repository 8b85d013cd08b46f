/// What a person can do to an agreement. The first six are the transitions of
/// `POST /api/v1/agreements/{id}/{transition}`; `edit` changes a draft's terms and `renew`
/// drafts a successor.
public enum AgreementAction: String, Sendable, Codable, CaseIterable, Hashable {
    case edit
    case submit
    case approve
    case reject
    case suspend
    case resume
    case revoke
    case renew

    /// Actions that must say why: the reason goes to the timeline and the audit log, where the
    /// other party and the public read it.
    public var requiresReason: Bool {
        switch self {
        case .reject, .suspend, .revoke: return true
        case .edit, .submit, .approve, .resume, .renew: return false
        }
    }

    /// The actions the transition endpoint accepts.
    public static let transitions: [AgreementAction] = [.submit, .approve, .reject, .suspend, .resume, .revoke]
}

extension AgreementAction {
    /// For messages: "cannot be approved".
    public var pastTense: String {
        switch self {
        case .edit: return "edited"
        case .submit: return "submitted"
        case .approve: return "approved"
        case .reject: return "rejected"
        case .suspend: return "suspended"
        case .resume: return "resumed"
        case .revoke: return "revoked"
        case .renew: return "renewed"
        }
    }
}
