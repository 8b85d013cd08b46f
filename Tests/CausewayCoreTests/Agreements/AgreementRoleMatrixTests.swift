@testable import CausewayCore
import Foundation
import Testing

/// Walks every role on every side × every action × every state, for personal and
/// non-personal data, against the matrix written out independently below.
@Suite("Agreement role matrix")
struct AgreementRoleMatrixTests {
    enum Side: CaseIterable { case provider, consumer, other }

    enum Outcome: Equatable {
        case allowed, forbidden, transition, periodEnded
    }

    /// Who may, by role: the matrix of the issue, written as data.
    static func authorised(_ role: Role, _ side: Side, _ action: AgreementAction, personal: Bool) -> Bool {
        switch action {
        case .edit, .submit, .renew:
            return (side == .consumer && (role == .engineer || role == .steward)) || (side == .provider && role == .steward)
        case .approve:
            return side == .provider && (role == .steward || (role == .dpo && personal))
        case .reject, .suspend, .resume, .revoke:
            return side == .provider && (role == .steward || role == .dpo)
        }
    }

    /// When, by state.
    static let statesAllowing: [AgreementAction: Set<AgreementState>] = [
        .edit: [.draft, .submitted], .submit: [.draft], .approve: [.submitted], .reject: [.submitted],
        .suspend: [.active], .resume: [.suspended], .revoke: [.approved, .active, .suspended],
        .renew: [.approved, .active, .suspended, .expired],
    ]

    static func expected(_ authorised: Bool, _ action: AgreementAction, _ state: AgreementState) -> Outcome {
        guard authorised else { return .forbidden }
        if statesAllowing[action, default: []].contains(state) { return .allowed }
        return state == .expired ? .periodEnded : .transition
    }

    func outcome(_ action: AgreementAction, _ agreement: Agreement, _ user: User) -> Outcome {
        do {
            _ = try AgreementLifecycle.apply(action, to: agreement, by: user, reason: "a reason", at: AgreementFixtures.now)
            return .allowed
        } catch {
            switch error {
            case .forbidden: return .forbidden
            case .transition: return .transition
            case .periodEnded: return .periodEnded
            case .fourEyes, .reasonRequired: Issue.record("unexpected \(error)"); return .forbidden
            }
        }
    }

    @Test(arguments: [false, true])
    func everyRoleEveryActionEveryState(personal: Bool) throws {
        var checked = 0
        for state in AgreementState.allCases {
            let agreement = try AgreementFixtures.agreement(in: state, personal: personal)
            for action in AgreementAction.allCases {
                for side in Side.allCases {
                    let agency = side == .provider ? "health" : side == .consumer ? "social" : "transport"
                    for role in Role.allCases {
                        let user = AgreementFixtures.user("walker.\(role.rawValue)", [(agency, role)])
                        let want = Self.expected(Self.authorised(role, side, action, personal: personal), action, state)
                        #expect(outcome(action, agreement, user) == want, "\(role) of \(side), \(action) in \(state), personal \(personal)")
                        checked += 1
                    }
                }
                // Operators hold no agency role: never allowed, whatever the state.
                let operatorUser = AgreementFixtures.user("root", operator: true)
                #expect(outcome(action, agreement, operatorUser) == .forbidden, "operator, \(action) in \(state)")
                let admin = AgreementFixtures.user("health.admin", [("health", .admin)])
                #expect(outcome(action, agreement, admin) == .forbidden, "provider admin, \(action) in \(state)")
                checked += 2
            }
        }
        #expect(checked == AgreementState.allCases.count * AgreementAction.allCases.count * (Side.allCases.count * Role.allCases.count + 2))
    }
}
