import Foundation

/// One person's sign-off, in the capacity they signed in.
public struct Approval: Sendable, Hashable, Codable {
    public enum Capacity: String, Sendable, Hashable, Codable {
        /// The provider's data steward, who owns the data.
        case steward
        /// The provider's data protection officer, needed when the data is personal.
        case dpo
    }

    public var username: String
    public var capacity: Capacity
    public var at: Date

    public init(username: String, capacity: Capacity, at: Date) {
        self.username = username
        self.capacity = capacity
        self.at = at
    }
}

/// The complete set of sign-offs an agreement needs before it can take effect: a steward,
/// and a DPO when the data is personal, who are different people. The only way to make one
/// is ``init(_:personalData:drafter:)``, which checks exactly that, so an approved agreement
/// without its approvals cannot exist — not even when read back from the store.
public struct Approvals: Sendable, Hashable, Codable {
    public let steward: Approval
    public let dpo: Approval?

    /// The sign-offs, if they are complete and four-eyed; nil otherwise.
    public init?(_ approvals: [Approval], personalData: Bool, drafter: String) {
        guard let steward = approvals.first(where: { $0.capacity == .steward }) else { return nil }
        let dpo = approvals.first { $0.capacity == .dpo }
        if personalData && dpo == nil { return nil }
        let people = approvals.map(\.username)
        guard Set(people).count == people.count, !people.contains(drafter) else { return nil }
        self.steward = steward
        self.dpo = dpo
    }

    public var all: [Approval] { [steward] + (dpo.map { [$0] } ?? []) }

    /// When the last sign-off was given.
    public var completedAt: Date { max(steward.at, dpo?.at ?? steward.at) }

    private enum CodingKeys: String, CodingKey { case steward, dpo }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let steward = try container.decode(Approval.self, forKey: .steward)
        let dpo = try container.decodeIfPresent(Approval.self, forKey: .dpo)
        guard steward.capacity == .steward, dpo?.capacity ?? .dpo == .dpo, steward.username != dpo?.username else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "approvals must be a steward and a different DPO"))
        }
        self.steward = steward
        self.dpo = dpo
    }
}
