import Foundation

/// A request to open a dataset's data to more readers (personal → restricted or public,
/// restricted → public), and its decision.
///
/// Invariant: an access change is applied only with two people of the owning agency behind it,
/// a data steward and a data protection officer, in either order: one proposes, the other
/// approves. Node operators and agency admins get nothing from those titles. Closing data
/// further is an ordinary catalogue edit and needs no access change.
public struct AccessChange: Sendable, Codable, Hashable {
    public enum Capacity: String, Sendable, Codable, Hashable {
        case steward, dpo
    }

    public enum State: Sendable, Codable, Hashable {
        case pending
        case applied(by: String, as: Capacity, at: Date)
        case rejected(by: String, at: Date, reason: String)
    }

    public var id: String
    public var dataset: String
    public var publisher: String
    public var from: AccessRights
    public var to: AccessRights
    public var reason: String
    public var proposedBy: String
    public var proposedAs: Capacity
    public var proposedAt: Date
    public var state: State

    public enum Failure: Error, Equatable, Sendable {
        /// The user holds neither a steward's nor a DPO's role in the publisher.
        case forbidden(String)
        /// The proposer cannot also approve, and the approval must come from the other role.
        case fourEyes(String)
        /// The change does not open the data, or is no longer pending, or the dataset moved on.
        case notApplicable(String)
        case reasonRequired
    }

    /// The capacity `user` acts in for `publisher`: steward first, else DPO.
    static func capacity(of user: User, in publisher: String) -> Capacity? {
        if user.has(.steward, in: publisher) { return .steward }
        if user.has(.dpo, in: publisher) { return .dpo }
        return nil
    }

    /// A proposal by `user` to open `dataset` to `to`.
    public static func propose(id: String, dataset: Dataset, to: AccessRights, reason: String, by user: User,
                               at now: Date) throws(Failure) -> AccessChange {
        guard let capacity = capacity(of: user, in: dataset.publisher) else {
            throw .forbidden("Only a data steward or a DPO of '\(dataset.publisher)' may propose to open its data.")
        }
        guard dataset.accessRights.opens(to: to) else {
            throw .notApplicable("Going from \(dataset.accessRights.rawValue) to \(to.rawValue) does not open the data: edit the dataset instead.")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        return AccessChange(id: id, dataset: dataset.id, publisher: dataset.publisher, from: dataset.accessRights, to: to,
                            reason: reason, proposedBy: user.username, proposedAs: capacity, proposedAt: now, state: .pending)
    }

    /// The approval by `user`, who must be another person holding the other role; `current`
    /// is the dataset's access rights now (a change proposed against older rights is void).
    public func approved(by user: User, current: AccessRights, at now: Date) throws(Failure) -> AccessChange {
        guard case .pending = state else { throw .notApplicable("This access change has already been decided.") }
        guard current == from else {
            throw .notApplicable("The dataset's access rights changed since this was proposed; propose again.")
        }
        let other: Capacity = proposedAs == .steward ? .dpo : .steward
        let holds = other == .steward ? user.has(.steward, in: publisher) : user.has(.dpo, in: publisher)
        guard Self.capacity(of: user, in: publisher) != nil else {
            throw .forbidden("Only a data steward or a DPO of '\(publisher)' may approve opening its data.")
        }
        guard user.username != proposedBy else {
            throw .fourEyes("'\(user.username)' proposed this change and cannot also approve it.")
        }
        guard holds else {
            throw .fourEyes("The \(proposedAs == .steward ? "steward" : "DPO") proposed it; a \(other == .steward ? "steward" : "DPO") of '\(publisher)' must approve.")
        }
        var change = self
        change.state = .applied(by: user.username, as: other, at: now)
        return change
    }

    /// The refusal by a steward or DPO of the publisher (the proposer may withdraw their own).
    public func rejected(by user: User, reason: String, at now: Date) throws(Failure) -> AccessChange {
        guard case .pending = state else { throw .notApplicable("This access change has already been decided.") }
        guard Self.capacity(of: user, in: publisher) != nil else {
            throw .forbidden("Only a data steward or a DPO of '\(publisher)' may reject opening its data.")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        var change = self
        change.state = .rejected(by: user.username, at: now, reason: reason)
        return change
    }

    /// The transparency-log event of this change's latest step.
    public var event: AuditEvent {
        var details = ["dataset": dataset, "from": from.rawValue, "to": to.rawValue, "change": id]
        let kind: String
        let actor: String
        let at: Date
        var reason: String? = self.reason
        switch state {
        case .pending:
            kind = "dataset.access-change.proposed"
            actor = proposedBy
            at = proposedAt
            details["as"] = proposedAs.rawValue
        case .applied(let by, let capacity, let when):
            kind = "dataset.access-change.applied"
            actor = by
            at = when
            details["as"] = capacity.rawValue
            details["proposedBy"] = proposedBy
        case .rejected(let by, let when, let why):
            kind = "dataset.access-change.rejected"
            actor = by
            at = when
            reason = why
        }
        return AuditEvent(kind: kind, at: at, actor: actor, subject: "dataset/\(dataset)", agencies: [publisher], reason: reason,
                          details: details)
    }
}
