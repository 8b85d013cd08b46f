import CausewayCore
import Foundation
import Testing

@Suite("Dataset drafts")
struct DatasetDraftTests {
    func validate(_ draft: DatasetDraft) throws(ValidationError) -> Dataset {
        var counter = 0
        return try draft.validated(id: "d1", issued: Fixtures.epoch, now: Fixtures.epoch.addingTimeInterval(60)) {
            counter += 1
            return "minted-\(counter)"
        }
    }

    func pointers(_ draft: DatasetDraft) -> [String] {
        do {
            _ = try validate(draft)
            return []
        } catch {
            return error.errors.map(\.pointer)
        }
    }

    @Test func validDraftBecomesDataset() throws {
        let draft = Fixtures.draft(
            keywords: ["covid-19", "Covid-19", " cases "], themes: [.SOCI, .HEAL, .HEAL],
            distributions: [DistributionDraft(title: "CSV", format: "CSV"), DistributionDraft(id: "keep", title: "API", format: "API")])
        let dataset = try validate(draft)
        #expect(dataset.id == "d1")
        #expect(dataset.keywords == ["covid-19", "cases"], "keywords are trimmed and deduplicated case-insensitively")
        #expect(dataset.themes == [.HEAL, .SOCI], "themes are deduplicated and ordered")
        #expect(dataset.distributions.map(\.id) == ["minted-1", "keep"])
        #expect(dataset.accrualPeriodicity == .UNKNOWN)
        #expect(dataset.modified == Fixtures.epoch.addingTimeInterval(60))
        #expect(DatasetDraft(dataset).name == draft.name)
    }

    @Test func reportsEveryProblemAtOnce() {
        var draft = Fixtures.draft(name: "Not A Slug", title: "  ", license: "MIT")
        draft.contactPoint = ContactPoint(name: "", email: "nobody")
        draft.temporal = TemporalCoverage(start: "2021-02-30", end: "2020-01-01")
        draft.landingPage = "javascript:alert(1)"
        #expect(Set(pointers(draft)) == [
            "/name", "/title", "/license", "/contactPoint/name", "/contactPoint/email", "/temporal/start",
            "/temporal/end", "/landingPage",
        ])
    }

    @Test func restrictedDataCannotCarryAnOpenLicence() {
        #expect(pointers(Fixtures.draft(license: "CC-BY-4.0", access: .personal)) == ["/license"])
        #expect(pointers(Fixtures.draft(license: "restricted", access: .personal)).isEmpty)
    }

    @Test func distributionsAreCheckedInPlace() {
        let draft = Fixtures.draft(distributions: [
            DistributionDraft(id: "a", title: "ok", format: "CSV"),
            DistributionDraft(id: "a", title: "", format: "", downloadURL: "file:///etc/passwd",
                              schema: TableSchema(fields: [.init(name: "x", type: .string), .init(name: "x", type: .integer)],
                                                  primaryKey: ["y"])),
        ])
        #expect(Set(pointers(draft)) == [
            "/distributions/1/id", "/distributions/1/title", "/distributions/1/format", "/distributions/1/downloadURL",
            "/distributions/1/schema/fields/1/name", "/distributions/1/schema/primaryKey/0",
        ])
    }

    @Test func limitsAreEnforced() {
        let many = (0...DatasetDraft.maxKeywords).map { "k\($0)" }
        #expect(pointers(Fixtures.draft(keywords: many)) == ["/keywords"])
        #expect(pointers(Fixtures.draft(title: String(repeating: "t", count: 301))) == ["/title"])
        var longContact = Fixtures.draft()
        longContact.contactPoint = ContactPoint(name: String(repeating: "n", count: 1_001), email: "a@b.org")
        #expect(pointers(longContact) == ["/contactPoint/name"], "found by schemathesis: the schema promises 1,000")
    }

    @Test(arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
        ("2024-13-01", false), ("2024-00-10", false), ("2024-04-31", false), ("24-04-01", false), ("2024-4-01", false),
    ])
    func calendarDates(text: String, valid: Bool) {
        #expect(TemporalCoverage.isCalendarDate(text) == valid)
    }

    @Test func slugs() {
        #expect(Slug.isValid("health-ministry"))
        #expect(!Slug.isValid("a"))
        #expect(!Slug.isValid("Health"))
        #expect(!Slug.isValid("x/../y"))
        #expect(!Slug.isValid(String(repeating: "a", count: 101)))
        #expect(Slug.from("COVID-19: Daily cases, by région!") == "covid-19-daily-cases-by-r-gion")
    }

    @Test func webAddresses() {
        #expect(WebAddress.isValid("https://data.gov.example/x?y=1"))
        #expect(!WebAddress.isValid("https://"))
        #expect(!WebAddress.isValid("ftp://example.org/file"))
        #expect(!WebAddress.isValid("http://exa mple.org"))
    }
}
