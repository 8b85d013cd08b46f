@testable import CausewayCore
import Foundation
import Testing

/// The gateway's decision function: one test per refusal code, and the allow path.
@Suite("Policy snapshot")
struct PolicySnapshotTests {
    typealias F = AgreementFixtures
    static let system = "social/shielding-portal"

    func request(purpose: String? = "shielding-support", method: String = "GET", system: String = "shielding-portal",
                 target: AgreementTarget = .dataset("vulnerable-persons"), at: Date = F.now) -> PolicyRequest {
        PolicyRequest(consumer: "social", system: system, provider: "health", target: target, purpose: purpose, method: method, at: at)
    }

    func snapshot(_ agreements: [Agreement]) -> PolicySnapshot {
        PolicySnapshot(agreements: agreements, systems: [Self.system, "social/other"], revision: 1)
    }

    @Test func anActiveAgreementAllowsWithItsFields() throws {
        let active = try F.agreement(in: .active, personal: true)
        let grant = try #require(snapshot([active]).decide(request()).grant)
        #expect(grant.agreement == "agr-1")
        #expect(grant.fields == ["person_id", "address_id"])
        #expect(grant.quota == active.terms.quota)
        #expect(snapshot([active]).decide(request(method: "get")).grant != nil)
    }

    @Test func everyRefusalHasItsCode() throws {
        let active = try F.agreement(in: .active, personal: true)
        func code(_ agreements: [Agreement], _ request: PolicyRequest) -> PolicyDecision.Code? {
            snapshot(agreements).decide(request).denial?.code
        }
        #expect(code([active], request(system: "unknown")) == .authInvalid)
        #expect(code([active], request(purpose: nil)) == .requestInvalid)
        #expect(code([active], request(purpose: " ")) == .requestInvalid)
        #expect(code([], request()) == .agreementNone)
        #expect(code([active], request(system: "other")) == .agreementNone)
        #expect(code([active], request(target: .dataset("hospital-beds"))) == .agreementNone)
        #expect(code([active], request(method: "DELETE")) == .agreementNone)
        #expect(code([active], request(purpose: "marketing")) == .purposeMismatch)
        #expect(code([try F.agreement(in: .suspended, personal: true)], request()) == .agreementSuspended)
        #expect(code([try F.agreement(in: .expired, personal: true)], request()) == .agreementExpired)
        #expect(code([try F.agreement(in: .approved, personal: true)], request()) == .agreementNone)
        #expect(code([try F.agreement(in: .revoked, personal: true)], request()) == .agreementNone)
        // Never-approved agreements are not in the snapshot at all.
        for state in [AgreementState.draft, .submitted, .rejected] {
            #expect(code([try F.agreement(in: state, personal: true)], request()) == .agreementNone)
        }
        // The whole set of codes the policy can give is covered above.
        #expect(Set(PolicyDecision.Code.allCases) == [.authInvalid, .requestInvalid, .agreementNone, .purposeMismatch,
                                                       .agreementSuspended, .agreementExpired])
    }

    @Test func theDecisionFollowsTheClock() throws {
        let active = try F.agreement(in: .active, personal: false)
        let snapshot = snapshot([active])
        #expect(snapshot.decide(request(at: F.day(99))).grant != nil)
        #expect(snapshot.decide(request(at: F.day(100))).denial?.code == .agreementExpired)
        #expect(snapshot.decide(request(at: F.day(-1))).denial?.code == .agreementNone)
    }

    @Test func anActiveAgreementWinsOverASuspendedOne() throws {
        var suspended = try F.agreement(in: .suspended, personal: true)
        suspended.id = "agr-old"
        let active = try F.agreement(in: .active, personal: true)
        #expect(snapshot([suspended, active]).decide(request()).grant?.agreement == "agr-1")
    }
}
