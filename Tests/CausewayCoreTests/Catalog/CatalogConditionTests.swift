@testable import CausewayCore
import Foundation
import Testing

/// Conditions evaluated by the index against a brute-force reading of the same condition over
/// every dataset, so each kind of leaf and each way of combining them is checked by a second,
/// independent implementation.
@Suite("Catalogue conditions")
struct CatalogConditionTests {
    static let datasets: [Dataset] = (0..<70).map { number in
        var dataset = Fixtures.dataset(
            String(format: "set-%02d", number), title: number % 3 == 0 ? "Hospital beds \(number)" : "Road traffic \(number)",
            description: number % 4 == 0 ? "Counts of beds in hospital wards" : "Wards and beds, counted",
            publisher: ["health-ministry", "land-authority", "transport"][number % 3],
            keywords: number % 5 == 0 ? ["covid-19", "capacity"] : (number % 7 == 0 ? [] : ["capacity"]),
            themes: number % 2 == 0 ? [.HEAL] : [.TRAN], formats: number % 6 == 0 ? ["API"] : ["CSV"],
            modified: Double((number * 37) % 70) * 86_400)
        dataset.issued = Fixtures.epoch.addingTimeInterval(Double(number) * 3_600)
        return dataset
    }
    let index = CatalogIndex(revision: 1, datasets: Self.datasets)

    /// The same condition, read the slow way.
    static func holds(_ condition: CatalogCondition, _ dataset: Dataset) -> Bool {
        switch condition {
        case .all: return true
        case .none: return false
        case .facet(.publisher, let value): return dataset.publisher == value
        case .facet(.keyword, let value): return dataset.keywords.contains(value)
        case .facet(.theme, let value): return dataset.themes.map(\.rawValue).contains(value)
        case .facet(.format, let value): return dataset.formats.contains(value)
        case .facet: return false
        case .hasValue(.keyword): return !dataset.keywords.isEmpty
        case .hasValue: return true
        case .words(let terms, let field, let phrase):
            let texts = field == .title ? [dataset.title] : field == .description ? [dataset.description]
                : [dataset.title, dataset.description] + dataset.keywords
            if !phrase { return Set(terms).isSubset(of: Set(texts.flatMap(Tokenizer.terms))) }
            return texts.contains { (" " + Tokenizer.terms($0).joined(separator: " ") + " ").contains(" " + terms.joined(separator: " ") + " ") }
        case .name(let name): return dataset.name == name
        case .id(let id): return dataset.id == id
        case .nameRange(let lower, let upper, let includesLower, let includesUpper):
            if let lower, includesLower ? dataset.name < lower : dataset.name <= lower { return false }
            if let upper, includesUpper ? dataset.name > upper : dataset.name >= upper { return false }
            return true
        case .dates(let field, let range): return range.contains(field == .modified ? dataset.modified : dataset.issued)
        case .boolean(let must, let should, let mustNot):
            if mustNot.contains(where: { holds($0, dataset) }) { return false }
            if !must.isEmpty { return must.allSatisfy { holds($0, dataset) } }
            return should.isEmpty || should.contains { holds($0, dataset) }
        }
    }

    func check(_ condition: CatalogCondition, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = Set(index.search(DatasetQuery(condition: condition, sort: .nameAscending, limit: 1_000)).positions.map { index.dataset(at: $0).name })
        let expected = Set(Self.datasets.filter { Self.holds(condition, $0) }.map(\.name))
        #expect(found == expected, "\(condition)", sourceLocation: sourceLocation)
    }

    @Test func leaves() {
        let day = Fixtures.epoch.addingTimeInterval(20 * 86_400)
        for condition: CatalogCondition in [
            .all, .none, .facet(.publisher, "transport"), .facet(.keyword, "covid-19"), .facet(.keyword, "nothing"),
            .hasValue(.keyword), .words(["hospital"], in: nil, phrase: false), .words(["bed"], in: .title, phrase: false),
            .words(["hospital", "ward"], in: .description, phrase: true), .words(["ward", "hospital"], in: .description, phrase: true),
            .words(["count", "bed"], in: nil, phrase: false), .name("set-07"), .name("nope"), .id("id-set-11"),
            .nameRange(lower: "set-10", upper: "set-20", includesLower: true, includesUpper: false),
            .nameRange(lower: "set-10", upper: nil, includesLower: false, includesUpper: true),
            .dates(.modified, .init(lower: day, upper: nil)), .dates(.modified, .init(lower: day, upper: nil, includesLower: false)),
            .dates(.modified, .init(lower: nil, upper: day, includesUpper: false)), .dates(.modified, .at(day)),
            .dates(.issued, .init(lower: Fixtures.epoch.addingTimeInterval(7_200), upper: Fixtures.epoch.addingTimeInterval(36_000))),
        ] {
            check(condition)
        }
    }

    @Test func combinations() {
        let recent = CatalogCondition.dates(.modified, .init(lower: Fixtures.epoch.addingTimeInterval(35 * 86_400), upper: nil))
        let organisations = CatalogCondition.boolean(must: [], should: ["health-ministry", "transport", "nobody"].map { .facet(.publisher, $0) }, mustNot: [])
        check(.boolean(must: [organisations, recent], should: [], mustNot: []))
        check(.boolean(must: [], should: [.facet(.keyword, "covid-19"), .facet(.format, "API")], mustNot: [.facet(.theme, "TRAN")]))
        check(.boolean(must: [], should: [], mustNot: [.facet(.publisher, "transport")]))
        check(.boolean(must: [recent], should: [.facet(.publisher, "transport")], mustNot: []))
        check(.boolean(must: [.boolean(must: [], should: [], mustNot: [recent])], should: [], mustNot: [.name("set-04")]))
        check(organisations.and(.none))
        // Text still ranks within a condition.
        let ranked = index.search(DatasetQuery(text: "hospital", condition: .facet(.publisher, "health-ministry")))
        #expect(ranked.total == Self.datasets.filter { $0.publisher == "health-ministry" && Self.holds(.words(["hospital"], in: nil, phrase: false), $0) }.count)
    }

    /// In a bigger catalogue a conjunction with a narrow clause (a few days, one name, a rare
    /// keyword) is evaluated from that clause alone, testing the others one dataset at a time:
    /// the same answers as the bitsets, nested groups, exclusions and text included.
    @Test func narrowClausesInABigCatalogue() {
        let datasets: [Dataset] = (0..<4_000).map { number in
            var dataset = Fixtures.dataset(
                "big-\(number)", title: number % 3 == 0 ? "Hospital beds \(number)" : "Road traffic \(number)",
                publisher: ["health-ministry", "land-authority", "transport"][number % 3],
                keywords: number % 97 == 0 ? ["rare"] : (number % 5 == 0 ? ["capacity"] : []),
                themes: number % 2 == 0 ? [.HEAL] : number % 4 == 1 ? [.TRAN, .GOVE] : [.TRAN], formats: number % 6 == 0 ? ["API"] : ["CSV"],
                modified: Double((number * 37) % 400) * 86_400)
            dataset.issued = Fixtures.epoch.addingTimeInterval(Double(number) * 3_600)
            return dataset
        }
        let index = CatalogIndex(revision: 1, datasets: datasets)
        let fewDays = CatalogCondition.dates(.modified, .init(lower: Fixtures.epoch.addingTimeInterval(100 * 86_400),
                                                              upper: Fixtures.epoch.addingTimeInterval(103 * 86_400), includesUpper: false))
        let organisations = CatalogCondition.boolean(must: [], should: ["health-ministry", "transport"].map { .facet(.publisher, $0) }, mustNot: [])
        for condition: CatalogCondition in [
            .boolean(must: [organisations, fewDays], should: [], mustNot: []),
            .boolean(must: [.facet(.publisher, "land-authority"), fewDays], should: [], mustNot: []),
            .boolean(must: [fewDays, .boolean(must: [], should: [.facet(.theme, "GOVE"), .facet(.theme, "TRAN")], mustNot: []), .facet(.format, "CSV")],
                     should: [], mustNot: [.id("id-big-3660")]),
            .boolean(must: [organisations, .dates(.modified, .init(lower: nil, upper: Fixtures.epoch.addingTimeInterval(2 * 86_400)))], should: [], mustNot: []),
            .boolean(must: [fewDays, .facet(.theme, "HEAL")], should: [], mustNot: [.facet(.format, "API")]),
            .boolean(must: [.facet(.keyword, "rare"), .hasValue(.keyword)], should: [], mustNot: [organisations]),
            .boolean(must: [.facet(.keyword, "rare"), .boolean(must: [], should: [], mustNot: [.facet(.publisher, "transport")])], should: [], mustNot: []),
            .boolean(must: [.name("big-300"), .nameRange(lower: "big-2", upper: "big-4", includesLower: true, includesUpper: false)], should: [], mustNot: []),
            .boolean(must: [fewDays, .words(["hospital"], in: nil, phrase: false)], should: [], mustNot: []),
            .boolean(must: [fewDays], should: [], mustNot: [.id("id-big-3700"), .facet(.publisher, "land-authority")]),
        ] {
            let result = index.search(DatasetQuery(condition: condition, sort: .idAscending, limit: 5_000))
            let found = result.positions.map { index.dataset(at: $0).name }
            let expected = Set(datasets.filter { Self.holds(condition, $0) }.map(\.name))
            #expect(Set(found) == expected && found.count == expected.count && result.total == expected.count, "\(condition)")
            #expect(!expected.isEmpty || condition == .none, "\(condition) selects something")
        }
        // A narrow selection is paged by sorting it; every order must be the order a walk of
        // the whole catalogue gives, and relevance the text search's own ranking.
        let narrow = CatalogCondition.boolean(must: [organisations, fewDays], should: [], mustNot: [])
        let selected = Set(datasets.filter { Self.holds(narrow, $0) }.map(\.name))
        // The first page is a walk of the order, a deep one a sort of the selection.
        #expect(!CatalogIndex.sortingIsCheaper(selected: selected.count, wanted: 3, of: datasets.count))
        #expect(CatalogIndex.sortingIsCheaper(selected: selected.count, wanted: selected.count, of: datasets.count))
        for sort in DatasetSort.allCases where sort != .relevance {
            let everything = index.search(DatasetQuery(sort: sort, limit: datasets.count)).positions.map { index.dataset(at: $0).name }
            let inOrder = everything.filter(selected.contains)
            for (offset, limit) in [(0, 3), (selected.count - 4, 5)] {
                let page = index.search(DatasetQuery(condition: narrow, sort: sort, offset: offset, limit: limit)).positions.map { index.dataset(at: $0).name }
                #expect(page == Array(inOrder.dropFirst(offset).prefix(limit)), "\(sort) from \(offset)")
            }
        }
        let ranked = index.search(DatasetQuery(text: "hospital", sort: .relevance, limit: datasets.count)).positions.map { index.dataset(at: $0).name }
        let page = index.search(DatasetQuery(text: "hospital", condition: narrow, sort: .relevance, limit: 5)).positions.map { index.dataset(at: $0).name }
        #expect(page.count == 5 && page == Array(ranked.filter(selected.contains).prefix(5)))
    }

    @Test func identifiersOrderAHarvestersPages() {
        let ids = index.search(DatasetQuery(sort: .idAscending, limit: 1_000)).positions.map { index.dataset(at: $0).id }
        #expect(ids == ids.sorted() && ids.count == Self.datasets.count)
        let descending = index.search(DatasetQuery(sort: .idDescending, limit: 5)).positions.map { index.dataset(at: $0).id }
        #expect(descending == Array(ids.reversed().prefix(5)))
    }
}
