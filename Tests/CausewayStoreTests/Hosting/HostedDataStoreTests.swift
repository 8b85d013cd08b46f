import CausewayCore
import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

/// Hosted tables on both engines: versions, modes, composite keys, deletes and queries.
@Suite("Hosted tables in the store")
struct HostedDataStoreTests {
    static let schema = TableSchema(fields: [
        .init(name: "region", type: .string), .init(name: "day", type: .date),
        .init(name: "cases", type: .integer, index: true), .init(name: "rate", type: .number), .init(name: "open", type: .boolean),
    ], primaryKey: ["region", "day"])

    static func ingest(_ mode: UploadMode) -> HostedDataRepository.Ingest {
        .init(distribution: "cases-csv", dataset: "cases", schema: schema, mode: mode, uploadedBy: "tester", job: nil,
              now: Date(timeIntervalSince1970: 1_700_000_000))
    }

    static func row(_ region: String, _ day: String, _ cases: Int64, _ rate: Double? = 1.5, _ open: Bool = true) -> [CellValue] {
        [.text(region), .text(day), .integer(cases), rate.map(CellValue.number) ?? .null, .boolean(open)]
    }

    /// A rollback makes an old version's rows current again as a new version with the old
    /// one's digest; a version with other columns is refused.
    @Test(arguments: TestDatabase.engines)
    func restoringAnOldVersion(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let data = HostedDataRepository(database: database)
            _ = try await data.ingest(Self.ingest(.replace)) { writer in
                _ = try await writer.write((0..<7_000).map { Self.row("r\($0)", "2020-01-01", Int64($0)) })
                return .init(sha256: "first", byteSize: 70)
            }
            _ = try await data.ingest(Self.ingest(.replace)) { writer in
                _ = try await writer.write([Self.row("only", "2021-01-01", 1)])
                return .init(sha256: "second", byteSize: 1)
            }
            let restored = try await data.restore(Self.ingest(.append), version: 1)
            #expect(restored.version == 3 && restored.mode == .replace && restored.rowCount == 7_000)
            #expect(restored.sha256 == "first" && restored.byteSize == 70)
            var query = RecordQuery()
            query.limit = 10_000
            let current = try await data.records(of: "cases-csv", version: nil, query: query)
            let original = try await data.records(of: "cases-csv", version: 1, query: query)
            #expect(current.rows == original.rows)
            await #expect(throws: HostedDataRepository.RestoreError.noVersion(9)) { try await data.restore(Self.ingest(.replace), version: 9) }
            var other = Self.ingest(.replace)
            other.schema = TableSchema(fields: [.init(name: "region", type: .string)])
            await #expect(throws: HostedDataRepository.RestoreError.schemaChanged(1)) { try await data.restore(other, version: 1) }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func versionsModesAndQueries(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let data = HostedDataRepository(database: database)
            let first = try await data.ingest(Self.ingest(.replace)) { writer in
                let conflicts = try await writer.write([Self.row("north", "2020-01-01", 5), Self.row("south", "2020-01-01", 7, nil, false)])
                return .init(sha256: conflicts.isEmpty ? "a" : "conflicts", byteSize: 1)
            }
            #expect(first.version == 1 && first.rowCount == 2 && first.sha256 == "a")
            let second = try await data.ingest(Self.ingest(.upsert)) { writer in
                _ = try await writer.write([Self.row("south", "2020-01-01", 9), Self.row("east", "2020-01-02", 1)])
                return .init(sha256: "b", byteSize: 2)
            }
            #expect(second.rowCount == 3)
            let conflicts = try await data.ingest(Self.ingest(.append)) { writer in
                let found = try await writer.write([Self.row("east", "2020-01-02", 3), Self.row("west", "2020-01-03", 4)])
                return .init(sha256: "\(found)", byteSize: 0)
            }
            #expect(conflicts.sha256 == "[0]")

            var query = RecordQuery()
            query.sort = [.init(field: 2, descending: true)]
            query.includeTotal = true
            let latest = try await data.records(of: "cases-csv", version: nil, query: query)
            #expect(latest.version.version == 3)
            #expect(latest.total == 4)
            #expect(latest.rows.map { $0[2] } == [.integer(9), .integer(5), .integer(4), .integer(1)])
            #expect(latest.rows[0][4] == .boolean(true))

            let old = try await data.records(of: "cases-csv", version: 1, query: RecordQuery())
            #expect(old.rows == [Self.row("north", "2020-01-01", 5), Self.row("south", "2020-01-01", 7, nil, false)])

            var filtered = RecordQuery()
            filtered.filters = [.init(field: 2, comparison: .gte, values: [.integer(4)]), .init(field: 3, values: [.null, .number(1.5)])]
            filtered.words = ["nor"]
            filtered.fields = [0]
            #expect(try await data.records(of: "cases-csv", version: nil, query: filtered).rows == [[.text("north")]])

            let deleted = try await data.delete(Self.ingest(.replace), where: [.init(field: 0, values: [.text("north"), .text("west")])])
            #expect(deleted.version == 4 && deleted.rowCount == 2 && deleted.mode == .delete)
            #expect(try await data.versions(of: "cases-csv").map(\.version) == [4, 3, 2, 1])

            await #expect(throws: HostedDataError.schemaChanged) {
                var changed = Self.ingest(.append)
                changed.schema.fields[2].type = .string
                _ = try await data.ingest(changed) { _ in .init(sha256: "", byteSize: 0) }
            }
            // A failed upload leaves no version and no rows behind.
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                _ = try await data.ingest(Self.ingest(.replace)) { writer in
                    _ = try await writer.write([Self.row("x", "2020-01-01", 1)])
                    throw Abort()
                }
            }
            #expect(try await data.version(of: "cases-csv")?.version == 4)
        }
    }

    /// Two repositories on one database stand for two nodes: each remembers latest versions,
    /// its own writes are visible at once, the other's after it notices the revision move.
    @Test(arguments: TestDatabase.engines)
    func latestVersionsAcrossNodes(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let nodeA = HostedDataRepository(database: database)
            let nodeB = HostedDataRepository(database: database)
            var counted = RecordQuery()
            counted.includeTotal = true
            _ = try await nodeA.ingest(Self.ingest(.replace)) { writer in
                _ = try await writer.write([Self.row("north", "2020-01-01", 5)])
                return .init(sha256: "a", byteSize: 1)
            }
            try await nodeB.noticeChanges()
            #expect(try await nodeB.records(of: "cases-csv", version: nil, query: counted).total == 1)

            _ = try await nodeA.ingest(Self.ingest(.append)) { writer in
                _ = try await writer.write([Self.row("south", "2020-01-01", 7)])
                return .init(sha256: "b", byteSize: 1)
            }
            let onA = try await nodeA.records(of: "cases-csv", version: nil, query: counted)
            #expect(onA.version.version == 2 && onA.total == 2)
            // Node B still answers from version 1 — consistently: rows and count of that version.
            let stale = try await nodeB.records(of: "cases-csv", version: nil, query: counted)
            #expect(stale.version.version == 1 && stale.total == 1 && stale.rows.count == 1)
            try await nodeB.noticeChanges()
            let fresh = try await nodeB.records(of: "cases-csv", version: nil, query: counted)
            #expect(fresh.version.version == 2 && fresh.total == 2 && fresh.rows.count == 2)
            // The count of version 1 was remembered, and is still right for version 1.
            #expect(try await nodeB.records(of: "cases-csv", version: 1, query: counted).total == 1)
        }
    }

    /// Lookups by a one-field key: on SQLite these run as one index probe on a direct
    /// connection; a miss, and a node that has not yet noticed a newer version, go the
    /// ordinary way. Every path must give the same rows.
    @Test(arguments: TestDatabase.engines)
    func keyLookups(engine: Database.Engine) async throws {
        let schema = TableSchema(fields: [
            .init(name: "id", type: .string), .init(name: "cases", type: .integer), .init(name: "rate", type: .number),
            .init(name: "open", type: .boolean),
        ], primaryKey: ["id"])
        func ingest(_ mode: UploadMode) -> HostedDataRepository.Ingest {
            .init(distribution: "keyed-csv", dataset: "keyed", schema: schema, mode: mode, uploadedBy: "tester", job: nil, now: Date())
        }
        func byKey(_ key: String, fields: [Int]? = nil) -> RecordQuery {
            var query = RecordQuery()
            query.filters = [.init(field: 0, values: [.text(key)])]
            query.fields = fields
            query.limit = 1
            return query
        }
        try await TestDatabase.with(engine) { database in
            let nodeA = HostedDataRepository(database: database)
            let nodeB = HostedDataRepository(database: database)
            _ = try await nodeA.ingest(ingest(.replace)) { writer in
                _ = try await writer.write((1...300).map { (n: Int) -> [CellValue] in
                    let rate: CellValue = n % 2 == 0 ? .number(Double(n) / 4) : .null
                    return [.text("K\(n)"), .integer(Int64(n) * 1_000_000_007), rate, .boolean(n % 3 == 0)]
                })
                return .init(sha256: "a", byteSize: 1)
            }
            try await nodeB.noticeChanges()
            let found = try await nodeA.records(of: "keyed-csv", version: nil, query: byKey("K42"))
            #expect(found.version.version == 1)
            #expect(found.rows == [[.text("K42"), .integer(42_000_000_294), .number(10.5), .boolean(true)]])
            #expect(try await nodeA.records(of: "keyed-csv", version: nil, query: byKey("K7", fields: [3, 2])).rows == [[.boolean(false), .null]])
            #expect(try await nodeA.records(of: "keyed-csv", version: nil, query: byKey("nobody")).rows.isEmpty)
            #expect(try await nodeB.records(of: "keyed-csv", version: nil, query: byKey("K42")).rows == found.rows)

            _ = try await nodeA.ingest(ingest(.upsert)) { writer in
                _ = try await writer.write([[.text("K42"), .integer(1), .null, .boolean(false)]])
                return .init(sha256: "b", byteSize: 1)
            }
            #expect(try await nodeA.records(of: "keyed-csv", version: nil, query: byKey("K42")).rows == [[.text("K42"), .integer(1), .null, .boolean(false)]])
            // Node B has not noticed version 2: it answers from version 1, whole and consistent.
            let stale = try await nodeB.records(of: "keyed-csv", version: nil, query: byKey("K42"))
            #expect(stale.version.version == 1 && stale.rows == found.rows)
            try await nodeB.noticeChanges()
            let fresh = try await nodeB.records(of: "keyed-csv", version: nil, query: byKey("K42"))
            #expect(fresh.version.version == 2 && fresh.rows[0][1] == .integer(1))
            #expect(try await nodeB.records(of: "keyed-csv", version: 1, query: byKey("K42")).rows == found.rows)
            // A row deleted in version 3 is still in version 2, which node B still serves.
            _ = try await nodeA.delete(ingest(.replace), where: [.init(field: 0, values: [.text("K7")])])
            #expect(try await nodeA.records(of: "keyed-csv", version: nil, query: byKey("K7")).rows.isEmpty)
            let kept = try await nodeB.records(of: "keyed-csv", version: nil, query: byKey("K7"))
            #expect(kept.version.version == 2 && kept.rows.count == 1)
            #expect(try await nodeB.records(of: "keyed-csv", version: nil, query: byKey("nobody")).rows.isEmpty)
        }
    }
}
