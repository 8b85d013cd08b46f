import Foundation

/// The role matrix: who may do what to an agreement, by their roles in its two agencies.
///
/// | action | who |
/// | --- | --- |
/// | edit, submit, renew | the consumer's engineer or steward, or the provider's steward |
/// | approve | the provider's steward (as steward); the provider's DPO (as DPO) when the data is personal |
/// | reject, suspend, resume, revoke | the provider's steward or DPO |
///
/// Node operators and agency admins get nothing from those titles: an operator runs the node
/// and an admin manages accounts, and neither may sign for an agency's data.
public enum AgreementAuthority {
    /// The capacity `user` may approve `agreement` in, or nil if they may not approve it.
    public static func approvalCapacity(of user: User, for agreement: Agreement) -> Approval.Capacity? {
        if user.has(.steward, in: agreement.provider) {
            // A steward who is also the DPO signs as steward first; the DPO seat needs someone else.
            if agreement.status.approvalsGiven.contains(where: { $0.capacity == .steward }),
               agreement.personalData, user.has(.dpo, in: agreement.provider) {
                return .dpo
            }
            return .steward
        }
        if agreement.personalData, user.has(.dpo, in: agreement.provider) { return .dpo }
        return nil
    }

    /// Whether `user`'s roles allow `action` on `agreement` in some state (the lifecycle then
    /// checks the state).
    /// Whether the agreement waits for `user`'s signature at `now`: submitted, with a seat this
    /// person may fill, and not yet signed by them (the console's inbox and "waiting for me").
    public static func awaitsSignature(of user: User, on agreement: Agreement, at now: Date) -> Bool {
        agreement.state(at: now) == .submitted && approvalCapacity(of: user, for: agreement) != nil
            && !agreement.status.approvalsGiven.contains { $0.username == user.username }
    }

    public static func allows(_ user: User, _ action: AgreementAction, on agreement: Agreement) -> Bool {
        switch action {
        case .edit, .submit, .renew:
            return mayDraft(user, provider: agreement.provider, consumer: agreement.consumer)
        case .approve:
            return approvalCapacity(of: user, for: agreement) != nil
        case .reject, .suspend, .resume, .revoke:
            return user.has(.steward, in: agreement.provider) || user.has(.dpo, in: agreement.provider)
        }
    }

    /// Whether `user` may draft an agreement between these agencies.
    public static func mayDraft(_ user: User, provider: String, consumer: String) -> Bool {
        user.has(.engineer, in: consumer) || user.has(.steward, in: consumer) || user.has(.steward, in: provider)
    }

    /// Whether `user` may read the agreement: anyone in either agency, and operators.
    public static func mayView(_ user: User, _ agreement: Agreement) -> Bool {
        user.isOperator || !user.roles(in: agreement.provider).isEmpty || !user.roles(in: agreement.consumer).isEmpty
    }
}
