import Foundation

/// The state machine, as one pure function: an agreement, an action, who and when in, the
/// changed agreement (with the event on its timeline) or the reason it was refused out.
///
/// ```
/// draft → submitted → approved → active ⇄ suspended
///             ↓                   ↓  ↘        ↓
///          rejected            expired  revoked ←┘
/// ```
/// `approved → active → expired` happen on the clock (``Agreement/state(at:)``).
public enum AgreementLifecycle {
    /// Applies `action` by `user` at `now`. For `renew` use ``renewal(of:id:by:at:)``, which
    /// makes the new draft; this only checks it is allowed.
    public static func apply(_ action: AgreementAction, to agreement: Agreement, by user: User, reason: String? = nil,
                             at now: Date) throws(AgreementError) -> Agreement {
        guard AgreementAuthority.allows(user, action, on: agreement) else {
            throw .forbidden("'\(user.username)' has no role in '\(agreement.provider)' or '\(agreement.consumer)' that allows \(action.rawValue) on this agreement.")
        }
        let state = agreement.state(at: now)
        let reason = reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        var changed = agreement
        func record(_ kind: AgreementEvent.Kind, to: AgreementState, note: String? = nil) {
            changed.events.append(AgreementEvent(kind: kind, at: now, actor: user.username, from: state, to: to, reason: reason, note: note))
        }
        switch (action, agreement.status, state) {
        case (.edit, .draft, _):
            record(.edited, to: .draft)
        case (.edit, .submitted(_, let given), _):
            // Changed terms are new terms: the sign-offs given to the old ones are withdrawn,
            // and the agreement goes back to draft to be submitted again.
            changed.status = .draft
            record(.edited, to: .draft, note: given.isEmpty ? "submission withdrawn" : "approvals withdrawn")
        case (.submit, .draft, _):
            guard now < agreement.terms.validUntil else { throw .periodEnded }
            changed.status = .submitted(at: now, approvals: [])
            record(.submitted, to: .submitted)
        case (.approve, .submitted(let submittedAt, let given), _):
            guard now < agreement.terms.validUntil else { throw .periodEnded }
            guard let capacity = AgreementAuthority.approvalCapacity(of: user, for: agreement) else {
                throw .forbidden("'\(user.username)' may not approve this agreement.")
            }
            guard !agreement.authors.contains(user.username) else {
                throw .fourEyes(user.username == agreement.drafter
                    ? "'\(user.username)' drafted this agreement and cannot also approve it."
                    : "'\(user.username)' changed this agreement's terms and cannot also approve them.")
            }
            guard !given.contains(where: { $0.username == user.username }) else {
                throw .fourEyes("'\(user.username)' has already approved this agreement; another person must give the next approval.")
            }
            guard !given.contains(where: { $0.capacity == capacity }) else {
                throw .fourEyes("The \(capacity.rawValue) approval has already been given; a \(capacity == .steward ? "DPO" : "steward") of '\(agreement.provider)' must approve next.")
            }
            let approvals = given + [Approval(username: user.username, capacity: capacity, at: now)]
            if let complete = Approvals(approvals, personalData: agreement.personalData, drafter: agreement.drafter) {
                changed.status = .approved(submittedAt: submittedAt, approvals: complete)
                record(.approved, to: changed.state(at: now), note: capacity.rawValue)
            } else {
                changed.status = .submitted(at: submittedAt, approvals: approvals)
                record(.approved, to: .submitted, note: capacity.rawValue)
            }
        case (.reject, .submitted(let submittedAt, let given), _):
            let reason = try required(reason, for: action)
            changed.status = .rejected(submittedAt: submittedAt, approvals: given,
                                       decision: AgreementDecision(username: user.username, at: now, reason: reason))
            record(.rejected, to: .rejected)
        case (.suspend, .approved(let submittedAt, let approvals), .active):
            let reason = try required(reason, for: action)
            changed.status = .suspended(submittedAt: submittedAt, approvals: approvals,
                                        decision: AgreementDecision(username: user.username, at: now, reason: reason))
            record(.suspended, to: .suspended)
        case (.resume, .suspended(let submittedAt, let approvals, _), .suspended):
            changed.status = .approved(submittedAt: submittedAt, approvals: approvals)
            record(.resumed, to: .active)
        case (.revoke, .approved(let submittedAt, let approvals), .approved),
             (.revoke, .approved(let submittedAt, let approvals), .active),
             (.revoke, .suspended(let submittedAt, let approvals, _), .suspended):
            let reason = try required(reason, for: action)
            changed.status = .revoked(submittedAt: submittedAt, approvals: approvals,
                                      decision: AgreementDecision(username: user.username, at: now, reason: reason))
            record(.revoked, to: .revoked)
        case (.renew, _, .approved), (.renew, _, .active), (.renew, _, .suspended), (.renew, _, .expired):
            break
        default:
            throw state == .expired && action != .renew ? .periodEnded : .transition(from: state, action: action)
        }
        return changed
    }

    /// A new draft that continues `agreement` for another period of the same length, starting
    /// when the old one ends (or now, if it has ended); the old one records the renewal.
    public static func renewal(of agreement: Agreement, id: String, by user: User,
                               at now: Date) throws(AgreementError) -> (old: Agreement, new: Agreement) {
        var old = try apply(.renew, to: agreement, by: user, at: now)
        var terms = agreement.terms
        let length = terms.validUntil.timeIntervalSince(terms.validFrom)
        terms.validFrom = max(agreement.terms.validUntil, now)
        terms.validUntil = terms.validFrom.addingTimeInterval(length)
        let renewed = Agreement(
            id: id, title: agreement.title, provider: agreement.provider, consumer: agreement.consumer,
            systems: agreement.systems, target: agreement.target, terms: terms, personalData: agreement.personalData,
            template: agreement.template, renewalOf: agreement.id, drafter: user.username, createdAt: now,
            events: [AgreementEvent(kind: .drafted, at: now, actor: user.username, from: nil, to: .draft, note: "renews \(agreement.id)")])
        old.events.append(AgreementEvent(kind: .renewed, at: now, actor: user.username, from: agreement.state(at: now),
                                         to: agreement.state(at: now), note: id))
        return (old, renewed)
    }

    private static func required(_ reason: String?, for action: AgreementAction) throws(AgreementError) -> String {
        guard let reason else { throw .reasonRequired(action) }
        return reason
    }
}
