import CausewayCore
import Foundation
import Testing

/// An index changed in place must answer every question exactly as an index built afresh
/// from the same datasets: the second, independent reading of every change.
@Suite("Catalogue index, changed in place")
struct CatalogIndexUpdateTests {
    /// A small deterministic generator (the test must fail the same way twice).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let words = ["hospital", "beds", "roads", "traffic", "schools", "water", "covid", "census", "budget", "rivers"]
    static let publishers = ["health-ministry", "land-authority", "transport"]

    static func dataset(_ number: Int, version: Int, _ generator: inout Generator) -> Dataset {
        let pick = { (generator: inout Generator) in words[generator.next(words.count)] }
        var dataset = Fixtures.dataset(
            "set-\(number)-v\(generator.next(3))", title: "\(pick(&generator).capitalized) \(pick(&generator)) \(number)",
            description: "Counts of \(pick(&generator)) and \(pick(&generator)), version \(version)",
            publisher: publishers[generator.next(publishers.count)],
            keywords: (0..<generator.next(3)).map { _ in pick(&generator) },
            themes: generator.next(2) == 0 ? [.HEAL] : [.TRAN, .GOVE], formats: generator.next(4) == 0 ? ["API"] : ["CSV", "JSON"],
            modified: Double(generator.next(40)) * 86_400)
        dataset.id = "id-\(number)"
        dataset.issued = Fixtures.epoch.addingTimeInterval(Double(generator.next(1_000)) * 3_600)
        return dataset
    }

    static let queries: [DatasetQuery] = {
        var queries = DatasetSort.allCases.map { DatasetQuery(sort: $0, limit: 25, facets: Facet.allCases) }
        queries += DatasetSort.allCases.map { DatasetQuery(sort: $0, offset: 7, limit: 9) }
        queries += [
            DatasetQuery(text: "hospital", limit: 30, facets: Facet.allCases),
            DatasetQuery(text: "beds roads", limit: 30),
            DatasetQuery(text: "version", limit: 100),
            DatasetQuery(filters: [FacetFilter(.publisher, "transport")], sort: .titleAscending, limit: 40),
            DatasetQuery(text: "water", filters: [FacetFilter(.theme, "HEAL", negated: true)], sort: .idDescending, limit: 40),
            DatasetQuery(condition: .boolean(must: [], should: [.facet(.publisher, "transport"), .facet(.format, "API")], mustNot: []),
                         sort: .nameAscending, limit: 100, facets: [.keyword]),
            DatasetQuery(condition: .boolean(must: [], should: [], mustNot: [.words(["schools"], in: nil, phrase: false)]),
                         sort: .modifiedAscending, limit: 100),
            DatasetQuery(condition: .dates(.modified, CatalogCondition.DateRange(lower: Fixtures.epoch.addingTimeInterval(10 * 86_400), upper: nil)),
                         sort: .idAscending, limit: 100),
            DatasetQuery(condition: .nameRange(lower: "set-2", upper: "set-5", includesLower: true, includesUpper: false),
                         sort: .nameDescending, limit: 100),
            DatasetQuery(condition: .hasValue(.keyword), sort: .issuedDescending, limit: 100, facets: [.publisher]),
            // A harvester's incremental filter, read from the organisations' and groups' date lists.
            DatasetQuery(condition: .boolean(must: [.boolean(must: [], should: [.facet(.publisher, "transport"), .facet(.publisher, "land-authority")], mustNot: []),
                                                    .dates(.modified, .init(lower: Fixtures.epoch.addingTimeInterval(20 * 86_400), upper: nil))],
                                             should: [], mustNot: []), sort: .idAscending, limit: 100),
            DatasetQuery(condition: .boolean(must: [.dates(.modified, .init(lower: nil, upper: Fixtures.epoch.addingTimeInterval(25 * 86_400), includesUpper: false)),
                                                    .boolean(must: [], should: [.facet(.theme, "TRAN"), .facet(.theme, "GOVE")], mustNot: [])],
                                             should: [], mustNot: [.facet(.format, "API")]), sort: .modifiedDescending, limit: 100),
        ]
        return queries
    }()

    /// Every query, lookup and listing of `index` against an index built from `datasets`.
    static func expectSame(_ index: CatalogIndex, as datasets: [String: Dataset], sourceLocation: SourceLocation = #_sourceLocation) {
        let fresh = CatalogIndex(revision: index.revision, datasets: Array(datasets.values))
        #expect(index.count == fresh.count, sourceLocation: sourceLocation)
        #expect(index.datasetsByName.map(\.name) == fresh.datasetsByName.map(\.name), sourceLocation: sourceLocation)
        for facet in Facet.allCases {
            #expect(index.allValues(of: facet) == fresh.allValues(of: facet), "\(facet)", sourceLocation: sourceLocation)
        }
        for query in queries {
            let (mine, theirs) = (index.search(query), fresh.search(query))
            #expect(mine.total == theirs.total, "\(query)", sourceLocation: sourceLocation)
            #expect(mine.positions.map { index.dataset(at: $0) } == theirs.positions.map { fresh.dataset(at: $0) }, "\(query)",
                    sourceLocation: sourceLocation)
            #expect(mine.facets == theirs.facets, "\(query)", sourceLocation: sourceLocation)
        }
        for dataset in datasets.values {
            #expect(index.position(ofID: dataset.id).map(index.dataset(at:)) == dataset, sourceLocation: sourceLocation)
            #expect(index.position(ofName: dataset.name).map(index.dataset(at:)) == dataset, sourceLocation: sourceLocation)
            for distribution in dataset.distributions {
                #expect(index.position(ofDistribution: distribution.id).map { index.dataset(at: $0).id } == dataset.id,
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func batchesOfCreatesChangesAndDeletesAnswerAsAFreshIndex() {
        var generator = Generator(state: 21)
        var datasets: [String: Dataset] = [:]
        var index = CatalogIndex.empty
        for round in 1...30 {
            var upserted: [Dataset] = []
            var deleted: [String] = []
            for _ in 0..<(1 + generator.next(8)) {
                let number = generator.next(60)
                let id = "id-\(number)"
                if datasets[id] != nil, generator.next(4) == 0, !upserted.contains(where: { $0.id == id }) {
                    deleted.append(id)
                    datasets[id] = nil
                } else if !deleted.contains(id) {
                    var dataset = Self.dataset(number, version: round, &generator)
                    // Names are unique in a catalogue: take the number's own name if another holds it.
                    if datasets.values.contains(where: { $0.name == dataset.name && $0.id != id })
                        || upserted.contains(where: { $0.name == dataset.name && $0.id != id }) {
                        dataset.name = "set-\(number)"
                    }
                    upserted.removeAll { $0.id == id }
                    upserted.append(dataset)
                    datasets[id] = dataset
                }
            }
            let update = index.apply(upserted: upserted, deleted: deleted, revision: Int64(round))
            #expect(update != .rebuilt, "a few dead positions are not worth a rebuild")
            #expect(index.revision == Int64(round))
            Self.expectSame(index, as: datasets)
        }
    }

    @Test func deadPositionsBeyondTheLiveOnesCompactTheIndex() {
        var generator = Generator(state: 7)
        var datasets: [String: Dataset] = [:]
        for number in 0..<50 { datasets["id-\(number)"] = Self.dataset(number, version: 0, &generator) }
        var index = CatalogIndex(revision: 1, datasets: Array(datasets.values))
        var rebuilt = 0
        for round in 0..<5_000 {
            let number = round % 50
            var dataset = Self.dataset(number, version: round, &generator)
            dataset.name = "set-\(number)"
            datasets[dataset.id] = dataset
            if index.apply(upserted: [dataset], deleted: [], revision: Int64(round + 2)) == .rebuilt { rebuilt += 1 }
            #expect(index.positionCount - index.count <= max(4_096, index.count))
        }
        #expect(rebuilt == 1, "4,096 dead positions are tolerated, the next write compacts")
        Self.expectSame(index, as: datasets)
        #expect((0..<index.positionCount).filter(index.isLive).count == 50)
    }

    @Test func aCopyKeepsAnsweringAsBeforeTheWrite() {
        var generator = Generator(state: 3)
        let before = (0..<20).map { Self.dataset($0, version: 0, &generator) }
        let original = CatalogIndex(revision: 1, datasets: before)
        var changed = original
        changed.apply(upserted: [Self.dataset(99, version: 1, &generator)], deleted: before.prefix(5).map(\.id), revision: 2)
        Self.expectSame(original, as: Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0) }))
        #expect(changed.count == 16)
        #expect(original.count == 20)
    }
}
