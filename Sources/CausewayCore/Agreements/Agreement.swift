import Foundation

/// A data sharing agreement: who shares what with whom, on which terms, and what has been
/// decided about it. A value: every change (see ``AgreementLifecycle``) returns a new one with
/// the change on its timeline, which the store saves whole.
public struct Agreement: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var title: String
    /// The agency whose data it is.
    public var provider: String
    /// The agency that receives it, and the client systems of that agency that may call.
    public var consumer: String
    public var systems: [String]
    public var target: AgreementTarget
    public var terms: AgreementTerms
    /// Derived from the target's access rights when drafted; decides whether a DPO must approve.
    public var personalData: Bool
    /// The template it was drafted from, if any.
    public var template: String?
    /// The agreement this one renews.
    public var renewalOf: String?
    public var drafter: String
    public var createdAt: Date
    public var status: AgreementStatus
    /// What people did, in order. The clock's events are added by ``timeline(at:)``.
    public var events: [AgreementEvent]

    public init(id: String, title: String, provider: String, consumer: String, systems: [String], target: AgreementTarget,
                terms: AgreementTerms, personalData: Bool, template: String? = nil, renewalOf: String? = nil,
                drafter: String, createdAt: Date, status: AgreementStatus = .draft, events: [AgreementEvent] = []) {
        self.id = id
        self.title = title
        self.provider = provider
        self.consumer = consumer
        self.systems = systems
        self.target = target
        self.terms = terms
        self.personalData = personalData
        self.template = template
        self.renewalOf = renewalOf
        self.drafter = drafter
        self.createdAt = createdAt
        self.status = status
        self.events = events
    }

    /// The state at `now`: the stored status, with an approved agreement active within its
    /// validity period, and an approved, active or suspended one expired after it.
    public func state(at now: Date) -> AgreementState {
        switch status {
        case .draft: return .draft
        case .submitted: return .submitted
        case .rejected: return .rejected
        case .revoked: return .revoked
        case .suspended: return now >= terms.validUntil ? .expired : .suspended
        case .approved:
            if now >= terms.validUntil { return .expired }
            return now >= terms.validFrom ? .active : .approved
        }
    }

    /// When it took effect: the later of the last approval and the start of the validity
    /// period; nil if it has not (yet) at `now`.
    public func activatedAt(asOf now: Date) -> Date? {
        guard let approvals = status.approvals else { return nil }
        let start = max(approvals.completedAt, terms.validFrom)
        let end = min(now, status.decision?.at ?? now)  // a revoked agreement may never have started
        return start <= end && start < terms.validUntil ? start : nil
    }

    /// The timeline at `now`: the stored events plus the clock's (activation, expiry) in order.
    public func timeline(at now: Date) -> [AgreementEvent] {
        var timeline = events
        if let activated = activatedAt(asOf: now) {
            timeline.append(AgreementEvent(kind: .activated, at: activated, actor: nil, from: .approved, to: .active))
        }
        switch status {
        case .approved where now >= terms.validUntil:
            timeline.append(AgreementEvent(kind: .expired, at: terms.validUntil, actor: nil, from: .active, to: .expired))
        case .suspended where now >= terms.validUntil:
            timeline.append(AgreementEvent(kind: .expired, at: terms.validUntil, actor: nil, from: .suspended, to: .expired))
        default:
            break
        }
        return timeline.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// Everyone who wrote the terms as they stand: the drafter and whoever edited them since.
    /// None of them may approve (four eyes: whoever sets the terms does not also sign them off).
    public var authors: Set<String> {
        Set([drafter] + events.filter { $0.kind == .edited }.compactMap(\.actor))
    }

    /// The consumer systems as `agency/system`.
    public var qualifiedSystems: [String] { systems.map { "\(consumer)/\($0)" } }

    /// Checks the invariants no transition may break; the decoder runs it too, so a document
    /// edited in the database cannot smuggle in an approved agreement without its sign-offs.
    func checkInvariants() -> Bool {
        guard let approvals = status.approvals else { return true }
        return Approvals(approvals.all, personalData: personalData, drafter: drafter) != nil
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, provider, consumer, systems, target, terms, personalData, template, renewalOf, drafter, createdAt, status, events
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            title: try container.decode(String.self, forKey: .title),
            provider: try container.decode(String.self, forKey: .provider),
            consumer: try container.decode(String.self, forKey: .consumer),
            systems: try container.decode([String].self, forKey: .systems),
            target: try container.decode(AgreementTarget.self, forKey: .target),
            terms: try container.decode(AgreementTerms.self, forKey: .terms),
            personalData: try container.decode(Bool.self, forKey: .personalData),
            template: try container.decodeIfPresent(String.self, forKey: .template),
            renewalOf: try container.decodeIfPresent(String.self, forKey: .renewalOf),
            drafter: try container.decode(String.self, forKey: .drafter),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            status: try container.decode(AgreementStatus.self, forKey: .status),
            events: try container.decode([AgreementEvent].self, forKey: .events))
        guard checkInvariants() else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "agreement \(id) is approved without complete, four-eyed approvals"))
        }
    }
}
