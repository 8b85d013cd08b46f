/// Why an action on an agreement was refused. The server maps each case to one problem code.
public enum AgreementError: Error, Sendable, Hashable {
    /// The person holds no role that allows the action on this agreement (403 `auth.forbidden`).
    case forbidden(String)
    /// The action does not apply in the agreement's state (409 `agreement.transition`).
    case transition(from: AgreementState, action: AgreementAction)
    /// The approval would break four eyes: the approver drafted it, already approved it, or
    /// the capacity is taken (403 `agreement.four-eyes`).
    case fourEyes(String)
    /// Reject, suspend and revoke need a reason (422 `request.invalid`).
    case reasonRequired(AgreementAction)
    /// The validity period is over; the agreement can only be renewed (409 `agreement.transition`).
    case periodEnded
}
