@testable import CausewayCore
import Foundation

/// People and agreements for the agreement tests: a provider (`health`) and a consumer
/// (`social`), one person per role on each side, plus outsiders.
enum AgreementFixtures {
    static let start = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01
    static func day(_ number: Double) -> Date { start.addingTimeInterval(number * 86_400) }

    static func user(_ name: String, _ memberships: [(String, Role)] = [], operator isOperator: Bool = false) -> User {
        User(username: name, displayName: name, memberships: memberships.map { Membership(agency: $0.0, role: $0.1) }, isOperator: isOperator)
    }

    static let drafter = user("social.engineer", [("social", .engineer)])
    static let steward = user("health.steward", [("health", .steward)])
    static let dpo = user("health.dpo", [("health", .dpo)])

    static let facts = AgreementDraft.TargetFacts(target: .dataset("vulnerable-persons"), publisher: "health",
                                                  accessRights: .personal, fields: ["person_id", "full_name", "address_id", "phone"])

    static func draft(personal: Bool = true, from: Date = day(0), until: Date = day(100)) -> Agreement {
        var facts = facts
        facts.accessRights = personal ? .personal : .restricted
        let input = AgreementDraft(template: "public-health-emergency", provider: "health", consumer: "social",
                                   systems: ["shielding-portal"], dataset: "vulnerable-persons", fields: ["person_id", "address_id"],
                                   purpose: Purpose(code: "shielding-support", description: "Deliver food to shielding residents."),
                                   validFrom: from, validUntil: until)
        // The fixture is valid by construction; a failure here is a bug in the test.
        return try! input.agreement(id: "agr-1", drafter: drafter.username, at: day(-10),
                                    template: AgreementTemplate.builtIn[0], target: facts, consumerSystems: ["shielding-portal"])
    }

    /// An agreement whose state at ``now`` is `state`.
    static func agreement(in state: AgreementState, personal: Bool) throws -> Agreement {
        let now = self.now
        var agreement = draft(personal: personal, from: state == .approved ? day(60) : day(0),
                              until: state == .expired ? day(20) : day(100))
        if state == .draft { return agreement }
        agreement = try AgreementLifecycle.apply(.submit, to: agreement, by: drafter, at: day(-9))
        if state == .submitted { return agreement }
        if state == .rejected { return try AgreementLifecycle.apply(.reject, to: agreement, by: steward, reason: "no", at: day(-8)) }
        agreement = try AgreementLifecycle.apply(.approve, to: agreement, by: steward, at: day(-8))
        if personal { agreement = try AgreementLifecycle.apply(.approve, to: agreement, by: dpo, at: day(-7)) }
        switch state {
        case .approved, .active, .expired: break
        case .suspended: agreement = try AgreementLifecycle.apply(.suspend, to: agreement, by: steward, reason: "audit", at: day(5))
        case .revoked: agreement = try AgreementLifecycle.apply(.revoke, to: agreement, by: steward, reason: "breach", at: day(5))
        case .draft, .submitted, .rejected: break
        }
        precondition(agreement.state(at: now) == state, "fixture for \(state) is \(agreement.state(at: now))")
        return agreement
    }

    /// The moment the tests look at agreements.
    static let now = day(30)
}
