import Foundation

/// One entry of an agreement's timeline: a person's action, or the clock starting or ending
/// the agreement (those have no actor).
public struct AgreementEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case drafted, edited, submitted, approved, rejected, suspended, resumed, revoked, renewed
        /// The validity period began (an approved agreement became active).
        case activated
        /// The validity period ended.
        case expired
    }

    public var kind: Kind
    public var at: Date
    /// The person who acted; nil when the clock did.
    public var actor: String?
    public var from: AgreementState?
    public var to: AgreementState
    public var reason: String?
    /// For `approved`: the capacity the approver signed in. For `renewed`: the new agreement.
    public var note: String?
    /// For `edited`: the terms the edit changed (absent in events recorded before edits kept them).
    public var changes: [AgreementChange]?

    public init(kind: Kind, at: Date, actor: String?, from: AgreementState?, to: AgreementState, reason: String? = nil, note: String? = nil) {
        self.kind = kind
        self.at = at
        self.actor = actor
        self.from = from
        self.to = to
        self.reason = reason
        self.note = note
    }
}
