import CausewayCore
import Foundation
import Testing

@Suite("Catalogue index")
struct CatalogIndexTests {
    let index = CatalogIndex(revision: 7, datasets: [
        Fixtures.dataset("hospital-beds", title: "Hospital bed occupancy", description: "Beds in hospitals per day",
                         keywords: ["hospitals", "capacity"], themes: [.HEAL], formats: ["CSV", "JSON"], modified: 30),
        Fixtures.dataset("covid-cases", title: "COVID-19 cases", description: "Cases reported to hospitals",
                         keywords: ["covid-19"], themes: [.HEAL], formats: ["CSV"], modified: 20),
        Fixtures.dataset("address-register", title: "Address register", description: "Every address",
                         publisher: "land-authority", keywords: ["addresses"], themes: [.REGI, .GOVE], license: "CC0-1.0",
                         formats: ["API"], modified: 10),
        Fixtures.dataset("vulnerable-persons", title: "Vulnerable persons", description: "Saúde: shielding for hospital patients",
                         keywords: ["shielding"], themes: [.HEAL, .SOCI], license: "restricted", access: .personal,
                         formats: ["API"], modified: 40),
    ])

    func names(_ query: DatasetQuery) -> [String] {
        index.search(query).positions.map { index.dataset(at: $0).name }
    }

    @Test func lookups() {
        #expect(index.revision == 7)
        #expect(index.datasetsByName.map(\.name) == ["address-register", "covid-cases", "hospital-beds", "vulnerable-persons"])
        #expect(index.position(ofIDOrName: "covid-cases") == index.position(ofIDOrName: "id-covid-cases"))
        #expect(index.position(ofDistribution: "hospital-beds-d1").map { index.dataset(at: $0).name } == "hospital-beds")
        #expect(index.position(ofIDOrName: "missing") == nil)
    }

    @Test func everyTermMustMatchAndTitlesWeighMore() {
        // "hospital" is in three datasets: in the title of one, the description of the others.
        #expect(names(DatasetQuery(text: "hospitals")) == ["hospital-beds", "vulnerable-persons", "covid-cases"])
        #expect(names(DatasetQuery(text: "hospital cases")) == ["covid-cases"])
        #expect(names(DatasetQuery(text: "hospital nothing-matches-this")).isEmpty)
        #expect(index.search(DatasetQuery(text: "the of and")).total == 4, "stop words alone match everything")
    }

    @Test func foldsCaseAccentsAndPlurals() {
        #expect(names(DatasetQuery(text: "SAUDE")) == ["vulnerable-persons"])
        #expect(names(DatasetQuery(text: "Addresses")) == ["address-register"])
        #expect(Tokenizer.terms("Études, the CASES; bus") == ["etude", "case", "bus"])
    }

    @Test func filtersAndNegation() {
        #expect(names(DatasetQuery(filters: [FacetFilter(.publisher, "land-authority")])) == ["address-register"])
        #expect(names(DatasetQuery(filters: [FacetFilter(.theme, "HEAL"), FacetFilter(.format, "API")])) == ["vulnerable-persons"])
        #expect(names(DatasetQuery(filters: [FacetFilter(.theme, "HEAL", negated: true)], sort: .nameAscending)) == ["address-register"])
        #expect(names(DatasetQuery(filters: [FacetFilter(.keyword, "no-such-keyword")])).isEmpty)
        #expect(index.search(DatasetQuery(filters: [FacetFilter(.keyword, "no-such", negated: true)])).total == 4)
    }

    @Test func facetsCountOverTheMatchingSet() {
        let result = index.search(DatasetQuery(text: "hospital", facets: [.publisher, .format, .accessRights]))
        #expect(result.total == 3)
        #expect(result.facets[.publisher] == [FacetCount(value: "health-ministry", count: 3)])
        let formats: [FacetCount] = [.init(value: "CSV", count: 2), .init(value: "API", count: 1), .init(value: "JSON", count: 1)]
        #expect(result.facets[.format] == formats, "most frequent first, then by value")
        #expect(result.facets[.accessRights] == [FacetCount(value: "public", count: 2), FacetCount(value: "personal", count: 1)])
        let limited = index.search(DatasetQuery(facets: [.theme], facetLimit: 1))
        #expect(limited.facets[.theme] == [FacetCount(value: "HEAL", count: 3)])
    }

    @Test func sortsAndPages() {
        #expect(names(DatasetQuery(sort: .relevance)) == ["vulnerable-persons", "hospital-beds", "covid-cases", "address-register"],
                "without text, relevance is most recently modified first")
        #expect(names(DatasetQuery(sort: .modifiedAscending)) == ["address-register", "covid-cases", "hospital-beds", "vulnerable-persons"])
        #expect(names(DatasetQuery(sort: .nameDescending, offset: 1, limit: 2)) == ["hospital-beds", "covid-cases"])
        #expect(names(DatasetQuery(sort: .titleAscending, limit: 1)) == ["address-register"])
        let page = index.search(DatasetQuery(filters: [FacetFilter(.theme, "HEAL")], sort: .nameAscending, offset: 2, limit: 5))
        #expect(page.total == 3)
        #expect(page.positions.map { index.dataset(at: $0).name } == ["vulnerable-persons"])
        #expect(index.search(DatasetQuery(offset: 10)).positions.isEmpty)
        #expect(index.search(DatasetQuery(limit: 0)).total == 4)
    }

    @Test func topKSelectionAgreesWithAFullSort() throws {
        // 500 datasets where "health" turns up in titles, descriptions and keywords in varied
        // measure, so that scores differ and ties occur.
        let words = ["health", "hospital", "school", "traffic", "water", "housing", "health services"]
        let datasets = (0..<500).map { number in
            Fixtures.dataset("g\(number)", title: "\(words[number % 7].capitalized) by \(words[(number / 7) % 7]) \(number)",
                             description: Array(repeating: words[(number / 3) % 7], count: number % 4).joined(separator: " "),
                             keywords: [words[(number / 11) % 7]], modified: Double(number))
        }
        let big = CatalogIndex(revision: 1, datasets: datasets)
        let all = big.search(DatasetQuery(text: "health", limit: 1_000)).positions
        #expect(all.count > 100)
        for limit in [1, 3, 10, 25] {
            #expect(big.search(DatasetQuery(text: "health", limit: limit)).positions == Array(all.prefix(limit)))
            #expect(big.search(DatasetQuery(text: "health", offset: 5, limit: limit)).positions == Array(all.dropFirst(5).prefix(limit)))
        }
    }

    @Test func allValuesOfAFacet() {
        #expect(index.allValues(of: .publisher) == [FacetCount(value: "health-ministry", count: 3),
                                                    FacetCount(value: "land-authority", count: 1)])
    }
}
