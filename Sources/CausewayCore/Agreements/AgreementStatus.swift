import Foundation

/// What has been decided about an agreement, as stored. Each case carries exactly what that
/// stage needs — an approved, suspended or revoked agreement holds its complete ``Approvals``
/// — so an agreement that takes effect without its sign-offs cannot be built.
/// ``Agreement/state(at:)`` turns this and the clock into the ``AgreementState``.
public enum AgreementStatus: Sendable, Hashable, Codable {
    case draft
    /// Waiting for sign-offs; `approvals` holds those given so far.
    case submitted(at: Date, approvals: [Approval])
    case approved(submittedAt: Date, approvals: Approvals)
    case suspended(submittedAt: Date, approvals: Approvals, decision: AgreementDecision)
    case revoked(submittedAt: Date, approvals: Approvals, decision: AgreementDecision)
    case rejected(submittedAt: Date, approvals: [Approval], decision: AgreementDecision)

    public var submittedAt: Date? {
        switch self {
        case .draft: return nil
        case .submitted(let at, _): return at
        case .approved(let at, _), .suspended(let at, _, _), .revoked(let at, _, _), .rejected(let at, _, _): return at
        }
    }

    /// The sign-offs given so far, complete or not.
    public var approvalsGiven: [Approval] {
        switch self {
        case .draft: return []
        case .submitted(_, let approvals), .rejected(_, let approvals, _): return approvals
        case .approved(_, let approvals), .suspended(_, let approvals, _), .revoked(_, let approvals, _): return approvals.all
        }
    }

    /// The complete sign-offs, once the agreement has been approved.
    public var approvals: Approvals? {
        switch self {
        case .draft, .submitted, .rejected: return nil
        case .approved(_, let approvals), .suspended(_, let approvals, _), .revoked(_, let approvals, _): return approvals
        }
    }

    public var decision: AgreementDecision? {
        switch self {
        case .draft, .submitted, .approved: return nil
        case .suspended(_, _, let decision), .revoked(_, _, let decision), .rejected(_, _, let decision): return decision
        }
    }
}
