@testable import CausewayCore
import Foundation
import Testing

@Suite("Agreement drafting")
struct AgreementDraftTests {
    typealias F = AgreementFixtures

    func build(_ draft: AgreementDraft, template: AgreementTemplate? = AgreementTemplate.builtIn[0],
               facts: AgreementDraft.TargetFacts? = F.facts) throws(ValidationError) -> Agreement {
        try draft.agreement(id: "agr-9", drafter: "social.engineer", at: F.start, template: template, target: facts,
                            consumerSystems: ["shielding-portal"])
    }

    @Test func aTemplateFillsEverythingButPartiesTargetAndFields() throws {
        let agreement = try build(AgreementDraft(template: "public-health-emergency", provider: "health", consumer: "social",
                                                 systems: ["shielding-portal"], dataset: "vulnerable-persons", fields: ["person_id"]))
        let template = AgreementTemplate.builtIn[0]
        #expect(agreement.terms.purpose == template.purpose)
        #expect(agreement.terms.legalBasis == template.legalBasis)
        #expect(agreement.terms.quota == template.quota)
        #expect(agreement.terms.retentionDays == template.retentionDays)
        #expect(agreement.terms.validFrom == F.start)
        #expect(agreement.terms.validUntil == F.start.addingTimeInterval(Double(template.validityDays) * 86_400))
        #expect(agreement.personalData)
        #expect(agreement.template == "public-health-emergency")
        #expect(agreement.status == .draft && agreement.events.map(\.kind) == [.drafted])
    }

    @Test func everyProblemIsReportedAtOnce() {
        var facts = F.facts
        facts.publisher = "land"
        let draft = AgreementDraft(provider: "health", consumer: "health", systems: ["unknown", "unknown"],
                                   dataset: "vulnerable-persons", fields: ["person_id", "salary"],
                                   methods: ["GET", "BREW"], quota: Quota(perMinute: 10, perDay: 5))
        do {
            _ = try build(draft, template: nil, facts: facts)
            Issue.record("expected a validation error")
        } catch {
            let pointers = Set(error.errors.map(\.pointer))
            for pointer in ["/consumer", "/systems", "/systems/0", "/dataset", "/purpose", "/legalBasis", "/retentionDays", "/validUntil"] {
                #expect(pointers.contains(pointer), "\(pointer) in \(pointers)")
            }
        }
        let bad = AgreementDraft(template: "public-health-emergency", provider: "health", consumer: "social", systems: ["shielding-portal"],
                                 dataset: "vulnerable-persons", fields: ["person_id", "salary"], methods: ["GET", "BREW"],
                                 quota: Quota(perMinute: 10, perDay: 5))
        do {
            _ = try build(bad)
            Issue.record("expected a validation error")
        } catch {
            #expect(Set(error.errors.map(\.pointer)) == ["/fields/1", "/methods/1", "/quota/perMinute"])
        }
    }

    @Test func openDataAndUnknownTargetsAreRefused() {
        var open = F.facts
        open.accessRights = .public
        let draft = AgreementDraft(template: "public-health-emergency", provider: "health", consumer: "social",
                                   systems: ["shielding-portal"], dataset: "vulnerable-persons", fields: ["person_id"])
        #expect(throws: ValidationError.self) { try build(draft, facts: open) }
        #expect(throws: ValidationError.self) { try build(draft, facts: nil) }
        var noSchema = F.facts
        noSchema.fields = nil
        #expect(throws: ValidationError.self) { try build(draft, facts: noSchema) }
    }

    @Test func aLinkageIsATargetOfItsOwnWithTheIdentifiersToEncodeAsFields() throws {
        let template = try #require(AgreementTemplate.builtIn.first { $0.id == "record-linkage" })
        let facts = AgreementDraft.TargetFacts(target: .linkage("deliveries"), publisher: "health", accessRights: .personal, fields: nil)
        let draft = AgreementDraft(template: "record-linkage", provider: "health", consumer: "social", systems: ["shielding-portal"],
                                   linkage: "deliveries", fields: ["given_name", "date_of_birth"])
        let agreement = try build(draft, template: template, facts: facts)
        #expect(agreement.target == .linkage("deliveries") && agreement.personalData && agreement.terms.methods == ["GET", "PUT"])
        var both = draft
        both.dataset = "vulnerable-persons"
        #expect(throws: ValidationError.self) { try build(both, template: template, facts: facts) }
        var unnamed = draft
        unnamed.linkage = "Not A Name"
        #expect(throws: ValidationError.self) { try build(unnamed, template: template, facts: nil) }
    }

    @Test func builtInTemplatesAreValid() throws {
        #expect(AgreementTemplate.builtIn.map(\.id) == ["public-health-emergency", "official-statistics", "service-delivery", "research-statistics",
                                                       "statistics-publication", "record-linkage"])
        for template in AgreementTemplate.builtIn { try template.validate() }
    }
}
