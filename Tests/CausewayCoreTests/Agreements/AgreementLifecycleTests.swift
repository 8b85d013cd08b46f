@testable import CausewayCore
import Foundation
import Testing

@Suite("Agreement lifecycle")
struct AgreementLifecycleTests {
    typealias F = AgreementFixtures

    @Test func theClockStartsAndEndsAnApprovedAgreement() throws {
        var agreement = F.draft(personal: false, from: F.day(10), until: F.day(20))
        agreement = try AgreementLifecycle.apply(.submit, to: agreement, by: F.drafter, at: F.day(1))
        agreement = try AgreementLifecycle.apply(.approve, to: agreement, by: F.steward, at: F.day(2))
        #expect(agreement.state(at: F.day(9.99)) == .approved)
        #expect(agreement.state(at: F.day(10)) == .active)
        #expect(agreement.state(at: F.day(19.99)) == .active)
        #expect(agreement.state(at: F.day(20)) == .expired)
        let kinds = agreement.timeline(at: F.day(25)).map(\.kind)
        #expect(kinds == [.drafted, .submitted, .approved, .activated, .expired])
        #expect(agreement.timeline(at: F.day(5)).map(\.kind) == [.drafted, .submitted, .approved])
        #expect(agreement.activatedAt(asOf: F.day(25)) == F.day(10))
    }

    @Test func personalDataNeedsAStewardAndADifferentDPO() throws {
        var agreement = try AgreementLifecycle.apply(.submit, to: F.draft(), by: F.drafter, at: F.day(1))
        agreement = try AgreementLifecycle.apply(.approve, to: agreement, by: F.steward, at: F.day(2))
        #expect(agreement.state(at: F.day(3)) == .submitted)
        #expect(agreement.status.approvalsGiven.map(\.capacity) == [.steward])
        // The same steward again, and a second steward, are both refused: the DPO seat is left.
        #expect(throws: AgreementError.self) { try AgreementLifecycle.apply(.approve, to: agreement, by: F.steward, at: F.day(2)) }
        let otherSteward = F.user("health.steward2", [("health", .steward)])
        #expect(throws: AgreementError.self) { try AgreementLifecycle.apply(.approve, to: agreement, by: otherSteward, at: F.day(2)) }
        // A person who is both steward and DPO may fill the DPO seat after someone else's steward approval.
        let both = F.user("health.both", [("health", .steward), ("health", .dpo)])
        let approved = try AgreementLifecycle.apply(.approve, to: agreement, by: both, at: F.day(3))
        #expect(approved.state(at: F.day(3)) == .active)
        #expect(approved.status.approvals?.dpo?.username == "health.both")
    }

    @Test func theDrafterCannotApprove() throws {
        let stewardDrafter = F.user("health.steward", [("health", .steward)])
        var draft = F.draft(personal: false)
        draft.drafter = stewardDrafter.username
        let submitted = try AgreementLifecycle.apply(.submit, to: draft, by: stewardDrafter, at: F.day(1))
        #expect(throws: AgreementError.fourEyes("'health.steward' drafted this agreement and cannot also approve it.")) {
            try AgreementLifecycle.apply(.approve, to: submitted, by: stewardDrafter, at: F.day(2))
        }
    }

    /// Editing makes one an author: a provider steward who rewrote the terms cannot approve them.
    @Test func whoeverEditedCannotApprove() throws {
        let steward = F.user("health.steward", [("health", .steward)])
        let edited = try AgreementLifecycle.apply(.edit, to: F.draft(personal: false), by: steward, at: F.day(1))
        #expect(edited.authors.contains(steward.username))
        let submitted = try AgreementLifecycle.apply(.submit, to: edited, by: steward, at: F.day(1))
        #expect(throws: AgreementError.fourEyes("'health.steward' changed this agreement's terms and cannot also approve them.")) {
            try AgreementLifecycle.apply(.approve, to: submitted, by: steward, at: F.day(2))
        }
    }

    /// A change after submission withdraws the submission and the approvals given so far.
    @Test func anEditAfterSubmissionWithdrawsTheApprovals() throws {
        let submitted = try AgreementLifecycle.apply(.submit, to: F.draft(personal: true), by: F.drafter, at: F.day(1))
        let half = try AgreementLifecycle.apply(.approve, to: submitted, by: F.steward, at: F.day(2))
        guard case .submitted(_, let given) = half.status else { Issue.record("\(half.status)"); return }
        #expect(given.count == 1)
        let edited = try AgreementLifecycle.apply(.edit, to: half, by: F.drafter, at: F.day(3))
        #expect(edited.status == .draft)
        #expect(edited.events.last?.note == "approvals withdrawn")
        let again = try AgreementLifecycle.apply(.submit, to: edited, by: F.drafter, at: F.day(3))
        #expect(again.status == .submitted(at: F.day(3), approvals: []))
    }

    @Test func rejectSuspendAndRevokeNeedAReason() throws {
        let submitted = try F.agreement(in: .submitted, personal: false)
        let active = try F.agreement(in: .active, personal: false)
        for (action, agreement) in [(AgreementAction.reject, submitted), (.suspend, active), (.revoke, active)] {
            #expect(throws: AgreementError.reasonRequired(action)) {
                try AgreementLifecycle.apply(action, to: agreement, by: F.steward, reason: "  ", at: F.now)
            }
        }
        let suspended = try AgreementLifecycle.apply(.suspend, to: active, by: F.dpo, reason: "Breach under investigation", at: F.now)
        #expect(suspended.status.decision?.reason == "Breach under investigation")
        #expect(suspended.events.last?.reason == "Breach under investigation")
        let resumed = try AgreementLifecycle.apply(.resume, to: suspended, by: F.steward, at: F.now)
        #expect(resumed.state(at: F.now) == .active)
        #expect(resumed.events.suffix(2).map(\.kind) == [.suspended, .resumed])
    }

    @Test func renewalDraftsALinkedSuccessorForTheNextPeriod() throws {
        let expired = try F.agreement(in: .expired, personal: true)
        let (old, new) = try AgreementLifecycle.renewal(of: expired, id: "agr-2", by: F.drafter, at: F.now)
        #expect(new.renewalOf == "agr-1")
        #expect(new.state(at: F.now) == .draft)
        #expect(new.terms.validFrom == F.now)
        #expect(new.terms.validUntil.timeIntervalSince(new.terms.validFrom) == expired.terms.validUntil.timeIntervalSince(expired.terms.validFrom))
        #expect(new.terms.fields == expired.terms.fields)
        #expect(old.events.last?.kind == .renewed && old.events.last?.note == "agr-2")
        #expect(throws: AgreementError.self) { try AgreementLifecycle.renewal(of: F.draft(), id: "x", by: F.drafter, at: F.now) }
    }

    @Test func anApprovedAgreementWithoutItsApprovalsDoesNotDecode() throws {
        let active = try F.agreement(in: .active, personal: true)
        let data = try JSONEncoder().encode(active)
        #expect(try JSONDecoder().decode(Agreement.self, from: data) == active)
        // Drop the DPO approval from the stored document: personal data without a DPO.
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var status = try #require(json["status"] as? [String: Any])
        var approved = try #require(status["approved"] as? [String: Any])
        var approvals = try #require(approved["approvals"] as? [String: Any])
        approvals.removeValue(forKey: "dpo")
        approved["approvals"] = approvals
        status["approved"] = approved
        json["status"] = status
        let tampered = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Agreement.self, from: tampered) }
    }
}
