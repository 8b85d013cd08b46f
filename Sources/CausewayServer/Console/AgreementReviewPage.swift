import CausewayCore
import Foundation

/// `/console/agreements/{id}`: what a steward or DPO needs to decide. The terms, what changed
/// since the last version, who has signed and who still must, the timeline, the ODRL policy
/// and the summary for the legal file, and a form for each action this person may take now.
struct AgreementReviewPage {
    struct Term {
        var term: String
        var value: String
    }

    struct Action {
        var name: String
        var label: String
        var needsReason: Bool
        var danger: Bool
        var explanation: String
    }

    struct Moment {
        var what: String
        var who: String
        var when: String
        var whenISO: String
        var reason: String?
    }

    var chrome: PageChrome
    var id: String
    var title: String
    var state: String
    var provider: String
    var consumer: String
    var target: String
    var targetHref: String?
    var personal: Bool
    var terms: [Term]
    var changes: [AgreementChange]
    var changesSince: String?
    var approvals: [Term]
    var waitingFor: String?
    var actions: [Action]
    var canEdit: Bool
    /// A renewal drafts the next period's agreement with the same terms, for approval again.
    var canRenew: Bool
    var timeline: [Moment]
    var odrl: String
    var reasonError: String?

    init(chrome: PageChrome, agreement: Agreement, previous: Agreement?, user: User, snapshot: CatalogSnapshot,
         odrl: String, now: Date, reasonError: String? = nil) {
        self.chrome = chrome
        self.odrl = odrl
        self.reasonError = reasonError
        id = agreement.id
        title = agreement.title
        let current = agreement.state(at: now)
        state = current.rawValue
        func agency(_ code: String) -> String { snapshot.agency(code)?.name ?? code }
        provider = agency(agreement.provider)
        consumer = agency(agreement.consumer)
        switch agreement.target {
        case .dataset(let key):
            let dataset = snapshot.dataset(idOrName: key)
            target = dataset?.title ?? key
            targetHref = dataset.map { "/datasets/\($0.name)" }
        case .service(let code):
            target = "API \(code)"
        case .linkage(let name):
            target = "Record linkage \(name)"
        }
        personal = agreement.personalData
        let terms = agreement.terms
        self.terms = [
            Term(term: "Purpose", value: "\(terms.purpose.description) (\(terms.purpose.code))"),
            Term(term: "Legal basis", value: "\(terms.legalBasis.ground.label): \(terms.legalBasis.citation)"),
            Term(term: "Fields", value: terms.fields.joined(separator: ", ")),
            Term(term: "Methods", value: terms.methods.joined(separator: ", ")),
            Term(term: "Consumer systems", value: agreement.qualifiedSystems.joined(separator: ", ")),
            Term(term: "Valid", value: "\(PageText.date(terms.validFrom)) to \(PageText.date(terms.validUntil))"),
            Term(term: "Quota", value: "\(PageText.count(terms.quota.perMinute)) calls a minute, \(PageText.count(terms.quota.perDay)) a day"),
            Term(term: "Retention", value: PageText.plural(terms.retentionDays, "day")),
            Term(term: "Onward sharing", value: terms.onwardSharing ? "allowed" : "not allowed"),
            Term(term: "Personal data", value: agreement.personalData ? "yes: a data protection officer must also approve" : "no"),
        ]
        if let edit = agreement.events.last(where: { $0.kind == .edited }), let edited = edit.changes, !edited.isEmpty {
            changes = edited
            changesSince = "Changed by \(edit.actor ?? "someone") on \(PageText.dateTime(edit.at)):"
        } else if let previous {
            changes = AgreementChange.between(previous, agreement)
            changesSince = "Changed from the agreement it renews (\(previous.id)):"
        } else {
            changes = []
        }
        let given = agreement.status.approvalsGiven
        approvals = given.map { Term(term: $0.capacity == .steward ? "Data steward" : "Data protection officer",
                                    value: "\($0.username), \(PageText.dateTime($0.at))") }
        if current == .submitted {
            let needed = agreement.personalData ? [Approval.Capacity.steward, .dpo] : [.steward]
            let missing = needed.filter { capacity in !given.contains { $0.capacity == capacity } }
            waitingFor = missing.map { $0 == .steward ? "the provider's data steward" : "the provider's data protection officer" }
                .joined(separator: " and ")
        }
        let explanations: [AgreementAction: String] = [
            .submit: "Send it to the provider's steward (and DPO, for personal data) for approval. It cannot be changed while they review it.",
            .approve: "Sign as \(AgreementAuthority.approvalCapacity(of: user, for: agreement) == .dpo ? "data protection officer" : "data steward"). With every signature it needs, the gateway enforces it from its start date.",
            .reject: "Send it back with your reason; the drafter sees it and may submit a changed version.",
            .suspend: "Stop all calls now, for example during an investigation. It can be resumed.",
            .resume: "Allow calls again.",
            .revoke: "End it for good. Every call is refused from now on.",
        ]
        actions = AgreementAction.transitions.compactMap { action in
            guard AgreementAuthority.allows(user, action, on: agreement),
                  (try? AgreementLifecycle.apply(action, to: agreement, by: user, reason: "check", at: now)) != nil else { return nil }
            return Action(name: action.rawValue, label: action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst(),
                          needsReason: action.requiresReason, danger: [.reject, .suspend, .revoke].contains(action),
                          explanation: explanations[action] ?? "")
        }
        canEdit = current == .draft && AgreementAuthority.allows(user, .edit, on: agreement)
        canRenew = AgreementAuthority.allows(user, .renew, on: agreement)
            && (try? AgreementLifecycle.renewal(of: agreement, id: "check", by: user, at: now)) != nil
        timeline = agreement.timeline(at: now).reversed().map { event in
            Moment(what: Self.describe(event), who: event.actor ?? "the clock", when: PageText.dateTime(event.at),
                   whenISO: UTCTime(event.at).iso8601, reason: event.reason)
        }
    }

    static func describe(_ event: AgreementEvent) -> String {
        switch event.kind {
        case .approved: "Approved as \(event.note == "dpo" ? "data protection officer" : "data steward")"
        case .edited: event.note.map { "Edited (\($0))" } ?? "Edited"
        case .renewed: event.note.map { "Renewed as \($0)" } ?? "Renewed"
        default: event.kind.rawValue.prefix(1).uppercased() + event.kind.rawValue.dropFirst()
        }
    }
}
