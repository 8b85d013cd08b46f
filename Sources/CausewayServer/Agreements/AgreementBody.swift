import CausewayCore
import Foundation

/// An agreement as the API shows it: the terms flat, the state at the time of the request,
/// the sign-offs and decision, the full timeline (the clock's events included) and links to
/// its exports.
struct AgreementBody: Encodable {
    struct Target: Encodable {
        var kind: String
        var id: String
    }

    struct Links: Encodable {
        var `self`: String
        var odrl: String
        var summary: String
    }

    var id: String
    var title: String
    var state: AgreementState
    var provider: String
    var consumer: String
    var systems: [String]
    var target: Target
    var purpose: Purpose
    var legalBasis: LegalBasis
    var fields: [String]
    var methods: [String]
    var validFrom: Date
    var validUntil: Date
    var quota: Quota
    var retentionDays: Int
    var onwardSharing: Bool
    var wholeResponses: Bool
    var privacyBudget: PrivacyBudget?
    var personalData: Bool
    var template: String?
    var renewalOf: String?
    var drafter: String
    var createdAt: Date
    var submittedAt: Date?
    var activatedAt: Date?
    var approvals: [Approval]
    /// The DPO sign-off is still needed (personal data, steward approved).
    var awaiting: [Approval.Capacity]
    var decision: AgreementDecision?
    var timeline: [AgreementEvent]
    var links: Links

    init(_ agreement: Agreement, at now: Date) {
        let terms = agreement.terms
        id = agreement.id
        title = agreement.title
        state = agreement.state(at: now)
        provider = agreement.provider
        consumer = agreement.consumer
        systems = agreement.systems
        target = Target(kind: agreement.target.kind, id: agreement.target.identifier)
        purpose = terms.purpose
        legalBasis = terms.legalBasis
        fields = terms.fields
        methods = terms.methods
        validFrom = terms.validFrom
        validUntil = terms.validUntil
        quota = terms.quota
        retentionDays = terms.retentionDays
        onwardSharing = terms.onwardSharing
        wholeResponses = terms.allowsWholeResponses
        privacyBudget = terms.privacyBudget
        personalData = agreement.personalData
        template = agreement.template
        renewalOf = agreement.renewalOf
        drafter = agreement.drafter
        createdAt = agreement.createdAt
        submittedAt = agreement.status.submittedAt
        activatedAt = agreement.activatedAt(asOf: now)
        approvals = agreement.status.approvalsGiven
        if case .submitted(_, let given) = agreement.status {
            let needed: [Approval.Capacity] = agreement.personalData ? [.steward, .dpo] : [.steward]
            awaiting = needed.filter { capacity in !given.contains { $0.capacity == capacity } }
        } else {
            awaiting = []
        }
        decision = agreement.status.decision
        timeline = agreement.timeline(at: now)
        let path = "/api/v1/agreements/\(agreement.id)"
        links = Links(self: path, odrl: path + "/odrl", summary: path + "/summary")
    }
}
