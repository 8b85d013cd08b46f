import CausewayCore
import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

@Suite("Datasets in the store")
struct DatasetStoreTests {
    static func dataset(_ name: String, id: String? = nil, publisher: String = "health-ministry") throws -> Dataset {
        let epoch = Date(timeIntervalSince1970: 1_700_000_000.123)
        return try DatasetDraft(
            name: name, title: "Title of \(name)", description: "Ünïcode ✓ description", publisher: publisher,
            keywords: ["covid-19"], themes: [.HEAL], contactPoint: ContactPoint(name: "Team", email: "t@example.org"),
            license: "CC-BY-4.0", accessRights: .public, temporal: TemporalCoverage(start: "2020-01-01"),
            distributions: [DistributionDraft(id: "\(name)-csv", title: "CSV", format: "CSV",
                                              schema: TableSchema(fields: [.init(name: "a", type: .integer)], primaryKey: ["a"]))]
        ).validated(id: id ?? "id-\(name)", issued: epoch, now: epoch) { "minted" }
    }

    func prepared(_ database: Database) async throws -> DatasetRepository {
        try await AgencyRepository(database: database).create(Agency(code: "health-ministry", name: "Health"))
        return DatasetRepository(database: database)
    }

    @Test(arguments: TestDatabase.engines)
    func roundTripsWholeDocuments(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let datasets = try await prepared(database)
            let original = try Self.dataset("covid-cases")
            try await datasets.create(original)
            #expect(try await datasets.find(idOrName: "covid-cases") == original)
            #expect(try await datasets.find(idOrName: "id-covid-cases") == original)
            #expect(try await datasets.count() == 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func namesAndIdsAreUnique(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let datasets = try await prepared(database)
            try await datasets.create(try Self.dataset("covid-cases"))
            await #expect(throws: StoreError.conflict("dataset name", "covid-cases")) {
                try await datasets.create(try Self.dataset("covid-cases", id: "other-id"))
            }
            await #expect(throws: StoreError.conflict("dataset", "id-covid-cases")) {
                try await datasets.create(try Self.dataset("another-name", id: "id-covid-cases"))
            }
            // A batch with one bad member changes nothing.
            await #expect(throws: StoreError.self) {
                try await datasets.createMany([try Self.dataset("fresh-one"), try Self.dataset("covid-cases", id: "x")])
            }
            #expect(try await datasets.find(idOrName: "fresh-one") == nil)
        }
    }

    /// Parallel creates share transactions (group commit); a conflicting one fails alone and
    /// takes nobody else's write with it, and a batch of nothing but failures moves no revision.
    @Test(arguments: TestDatabase.engines)
    func parallelCreatesCommitTogetherAndFailAlone(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let datasets = try await prepared(database)
            try await datasets.create(try Self.dataset("taken"))
            let start = try await datasets.currentRevision()
            let outcomes = try await withThrowingTaskGroup(of: (Int, Int64?).self) { group in
                for number in 0..<64 {
                    // Every eighth one asks for the name already taken.
                    let dataset = try Self.dataset(number % 8 == 0 ? "taken" : "parallel-\(number)", id: "parallel-\(number)")
                    group.addTask { (number, try? await datasets.create(dataset)) }
                }
                var outcomes: [Int: Int64?] = [:]
                for try await (number, revision) in group { outcomes[number] = revision }
                return outcomes
            }
            let written = outcomes.compactMapValues { $0 }
            #expect(written.keys.sorted() == (0..<64).filter { $0 % 8 != 0 })
            let end = try await datasets.currentRevision()
            #expect(written.values.allSatisfy { $0 > start && $0 <= end })
            #expect(Set(written.values).count < written.count, "some writers shared a transaction")
            #expect(try await datasets.count() == 1 + 56)
            let replayed = try await datasets.changes(since: start)
            #expect(replayed.revision == end && replayed.changes.count == 56)

            await #expect(throws: StoreError.conflict("dataset name", "taken")) {
                try await datasets.create(try Self.dataset("taken", id: "yet-another"))
            }
            #expect(try await datasets.currentRevision() == end, "a refused write moves no revision")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func replaceDeleteAndReuseOfNames(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let datasets = try await prepared(database)
            try await datasets.create(try Self.dataset("covid-cases"))
            var changed = try Self.dataset("covid-cases-v2", id: "id-covid-cases")
            changed.title = "Renamed"
            try await datasets.replace(changed)
            #expect(try await datasets.find(idOrName: "covid-cases") == nil)
            #expect(try await datasets.find(idOrName: "covid-cases-v2")?.title == "Renamed")

            try await datasets.delete(id: "id-covid-cases")
            #expect(try await datasets.find(idOrName: "id-covid-cases") == nil)
            await #expect(throws: StoreError.notFound("dataset", "id-covid-cases")) { try await datasets.delete(id: "id-covid-cases") }
            await #expect(throws: StoreError.notFound("dataset", "id-covid-cases")) { try await datasets.replace(changed) }
            try await datasets.create(try Self.dataset("covid-cases-v2", id: "new-id"))
            #expect(try await datasets.find(idOrName: "covid-cases-v2")?.id == "new-id", "a deleted dataset frees its name")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func changesSinceARevisionReplayEverything(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let datasets = try await prepared(database)
            let start = try await datasets.currentRevision()
            let r1 = try await datasets.create(try Self.dataset("one"))
            let r2 = try await datasets.createMany([try Self.dataset("two"), try Self.dataset("three")])
            let r3 = try await datasets.delete(id: "id-one")
            #expect(start < r1 && r1 < r2 && r2 < r3)

            let all = try await datasets.changes(since: start)
            #expect(all.revision == r3)
            var live: [String: Dataset] = [:]
            for change in all.changes {
                switch change {
                case .upserted(let dataset): live[dataset.id] = dataset
                case .deleted(let id): live[id] = nil
                }
            }
            #expect(Set(live.keys) == ["id-two", "id-three"])

            let recent = try await datasets.changes(since: r2)
            #expect(recent.changes.count == 1)
            if case .deleted(let id)? = recent.changes.first { #expect(id == "id-one") } else { Issue.record("expected a deletion") }
            #expect(try await datasets.changes(since: r3).changes.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func concurrentWritersAllLand(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let datasets = try await prepared(database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<20 {
                    group.addTask { try await datasets.create(try Self.dataset("concurrent-\(number)")) }
                }
                try await group.waitForAll()
            }
            #expect(try await datasets.count() == 20)
            // Parallel writers may share a revision (group commit), but every write replays.
            #expect((2...21).contains(try await datasets.currentRevision()))
            #expect(try await datasets.changes(since: 0).changes.count == 20, "none lost")
        }
    }
}
