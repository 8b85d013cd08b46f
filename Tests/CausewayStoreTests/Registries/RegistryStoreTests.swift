import CausewayCore
import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

/// Registries on both engines: bitemporal reads, the gap-free feed, reports, loads and the
/// feed's retention.
@Suite("Registries in the store")
struct RegistryStoreTests {
    static let registry = Registry(
        code: "addresses", owner: "land", title: "Addresses",
        schema: TableSchema(fields: [.init(name: "id", type: .string), .init(name: "street", type: .string), .init(name: "number", type: .integer)]),
        identifierField: "id", accessRights: .public)

    static func day(_ n: Double) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + n * 86_400) }

    static func address(_ id: String, _ street: String, _ number: Int64) -> [String: CellValue] {
        ["id": .text(id), "street": .text(street), "number": .integer(number)]
    }

    static func repository(_ database: Database) async throws -> RegistryRepository {
        try await AgencyRepository(database: database).create(Agency(code: "land", name: "Land Authority"))
        let repository = RegistryRepository(database: database)
        try await repository.create(registry, dataset: "ds-1", at: day(0))
        return repository
    }

    @Test(arguments: TestDatabase.engines)
    func aCorrectionNeverChangesWhatWasKnown(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = try await Self.repository(database)
            let created = try await store.write(Self.registry, record: "A1", change: .replace(Self.address("A1", "Harbor Rd", 12)),
                                                validFrom: Self.day(1), at: Self.day(1), reason: "new", author: "clerk")
            #expect(created.event.kind == .created && created.event.sequence == 1)
            // The street was renamed on day 10, but the registry learnt it on day 20.
            let renamed = try await store.write(Self.registry, record: "A1", change: .patch(["street": .text("Harbour Road")]),
                                                validFrom: Self.day(10), at: Self.day(20), reason: "renamed", author: "clerk")
            #expect(renamed.event.kind == .corrected && renamed.event.sequence == 2)
            #expect(renamed.event.details["validFrom"] == UTCTime(Self.day(10)).iso8601)

            // As it was true on day 15, as known on day 15 (before the correction) and now.
            let known15 = try await store.version(Self.registry, record: "A1", validAt: Self.day(15), knownAt: Self.day(15))
            #expect(known15?.values?["street"] == .text("Harbor Rd"))
            let knownNow = try await store.version(Self.registry, record: "A1", validAt: Self.day(15), knownAt: Self.day(30))
            #expect(knownNow?.values?["street"] == .text("Harbour Road"))
            let before = try await store.version(Self.registry, record: "A1", validAt: Self.day(5), knownAt: Self.day(30))
            #expect(before?.values?["street"] == .text("Harbor Rd"))
            #expect(try await store.version(Self.registry, record: "A1", validAt: Self.day(0.5), knownAt: Self.day(30)) == nil)

            let history = try await store.history(Self.registry, record: "A1")
            // The first version, closed when the rename was learnt; then before and after the rename.
            #expect(history.count == 3 && history[0].recordedTo == Self.day(20) && history[1].validTo == Self.day(10))
            let current = try #require(try await store.current("addresses", record: "A1"))
            #expect(current.document == #"{"id":"A1","street":"Harbour Road","number":12}"# && current.sequence == 2)

            let retired = try await store.write(Self.registry, record: "A1", change: .retire, validFrom: Self.day(40), at: Self.day(40),
                                                reason: "demolished", author: "clerk")
            #expect(retired.event.kind == .retired && retired.event.values == nil)
            #expect(try await store.current("addresses", record: "A1")?.document == nil)
            #expect(try await store.version(Self.registry, record: "A1", validAt: Self.day(15), knownAt: Self.day(41))?.values?["number"] == .integer(12))
            #expect(try await store.count("addresses") == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theFeedIsGapFreeAcrossWritersLoadsAndReports(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = try await Self.repository(database)
            let loaded = try await store.load(Self.registry, records: (1...250).map { Self.address("B\($0)", "Main St", Int64($0)) },
                                              validFrom: Self.day(1), at: Self.day(1), reason: "initial load", author: "clerk")
            #expect(loaded == 1...250)
            // Writers at once each get their own number; none is skipped or repeated.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...8 {
                    group.addTask {
                        _ = try await store.write(Self.registry, record: "B\(index)", change: .patch(["number": .integer(Int64(1_000 + index))]),
                                                  validFrom: Self.day(2), at: Self.day(2), reason: "renumbered", author: "clerk")
                    }
                }
                try await group.waitForAll()
            }
            let report = ErrorReport(id: "r1", registry: "addresses", record: "B3", reporter: "someone", reporterAgency: "health",
                                     proposed: ["number": .integer(3)], note: "It is number 3", opened: Self.day(3))
            let opened = try await store.open(report, in: Self.registry)
            #expect(opened.kind == .reportOpened && opened.sequence == 259)
            #expect(try await store.current("addresses", record: "B3")?.openReports == 1)
            let resolved = try await store.resolve("r1", in: Self.registry, accepted: true, resolution: "Checked on site", by: "clerk", at: Self.day(4),
                                                   correction: (.patch(["number": .integer(3)]), Self.day(2)))
            #expect(resolved.map(\.kind) == [.corrected, .reportResolved] && resolved.map(\.sequence) == [260, 261])
            #expect(try await store.current("addresses", record: "B3")?.openReports == 0)
            await #expect(throws: StoreError.self) {
                try await store.resolve("r1", in: Self.registry, accepted: false, resolution: "again", by: "clerk", at: Self.day(5), correction: nil)
            }

            var sequences: [UInt64] = []
            var after: UInt64 = 0
            while true {
                let page = try await store.events(Self.registry, after: after, limit: 64)
                guard let last = page.last else { break }
                sequences += page.map(\.sequence)
                after = last.sequence
            }
            #expect(sequences == Array(1...261))
            let span = try #require(try await store.span("addresses"))
            #expect(span.first == 1 && span.last == 261)

            // Retention removes old events but never the newest, and says where the feed starts.
            let purged = try await store.purgeEvents(recordedBefore: Self.day(3.5))
            #expect(purged == 259)
            #expect(try await store.span("addresses")?.first == 260)
            #expect(try await store.events(Self.registry, after: 0, limit: 10).map(\.sequence) == [260, 261])
            await #expect(throws: StoreError.self) {
                try await store.load(Self.registry, records: [Self.address("B1", "Dup", 1)], validFrom: Self.day(5), at: Self.day(5),
                                     reason: "dup", author: "clerk")
            }
        }
    }
}
