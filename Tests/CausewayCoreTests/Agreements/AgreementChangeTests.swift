@testable import CausewayCore
import Foundation
import Testing

@Suite("Agreement changes between versions")
struct AgreementChangeTests {
    typealias F = AgreementFixtures

    @Test func onlyTheTermsThatDifferAreListedInTheTextsOrder() {
        let old = F.draft(personal: true, from: F.day(0), until: F.day(100))
        var new = old
        #expect(AgreementChange.between(old, new).isEmpty)
        new.terms.fields.append("phone")
        new.terms.validUntil = F.day(50)
        new.terms.quota.perDay += 1
        new.terms.onwardSharing.toggle()
        let changes = AgreementChange.between(old, new)
        #expect(changes.map(\.term) == ["Fields", "Valid until", "Calls per day", "Onward sharing"])
        #expect(changes[0].before == old.terms.fields.joined(separator: ", "))
        #expect(changes[0].after == new.terms.fields.joined(separator: ", "))
        #expect(changes[1].after == UTCTime(F.day(50)).date)
        #expect(changes[3].before == (old.terms.onwardSharing ? "yes" : "no"))
    }

    /// Old events have no change list; new ones carry it into the audit event's details.
    @Test func editEventsKeepTheirChangesAndOldOnesDecode() throws {
        var event = AgreementEvent(kind: .edited, at: F.day(1), actor: "a", from: .draft, to: .draft)
        let old = try JSONDecoder().decode(AgreementEvent.self, from: try JSONEncoder().encode(event))
        #expect(old.changes == nil)
        event.changes = [AgreementChange(term: "Fields", before: "a", after: "a, b")]
        let audit = AuditEvent(event, of: F.draft())
        #expect(audit.details["changed"] == "Fields")
    }
}
