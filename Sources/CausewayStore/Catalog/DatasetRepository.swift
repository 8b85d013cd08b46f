import CausewayCore
import Foundation
import SQLKit

/// Persists datasets as whole documents beside the columns the store itself queries by.
///
/// Deletion is soft (state `deleted`, as CKAN does) so that other nodes polling for changes
/// learn of it; a deleted dataset gives up its name so the name can be used again.
public struct DatasetRepository: Sendable {
    let database: Database
    /// New datasets from parallel writers (a harvest) go to the database together.
    private let inserts: GroupCommit<Insert>

    public init(database: Database) {
        self.database = database
        self.inserts = GroupCommit(database: database, prologue: { try await Revisions.bump("catalog", on: $0) }) { insert, revision, connection in
            try await Self.insert(insert, revision: revision, on: connection)
        }
    }

    /// A dataset and its stored document, encoded by the caller before it queues.
    struct Insert: Sendable {
        let dataset: Dataset
        let document: String

        init(_ dataset: Dataset, encoder: JSONEncoder = DocumentCoding.encoder()) throws {
            self.dataset = dataset
            self.document = try DocumentCoding.text(of: dataset, encoder: encoder)
        }
    }

    /// A change to the catalogue since some revision.
    public enum Change: Sendable {
        case upserted(Dataset)
        case deleted(id: String)
    }

    /// Inserts one dataset and returns the catalogue revision it was written at. Parallel
    /// callers share a transaction (see ``GroupCommit``); a conflict fails only its own call.
    @discardableResult
    public func create(_ dataset: Dataset) async throws -> Int64 {
        try await inserts.submit(try Insert(dataset))
    }

    /// Inserts datasets in one transaction, all or none (the demo loader and the benchmark
    /// generator use it).
    @discardableResult
    public func createMany(_ datasets: [Dataset]) async throws -> Int64 {
        let encoder = DocumentCoding.encoder()
        let inserts = try datasets.map { try Insert($0, encoder: encoder) }
        return try await database.transaction { connection in
            let revision = try await Revisions.bump("catalog", on: connection)
            for insert in inserts { try await Self.insert(insert, revision: revision, on: connection) }
            return revision
        }
    }

    private static func insert(_ insert: Insert, revision: Int64, on connection: any SQLDatabase) async throws {
        let dataset = insert.dataset
        if try await connection.raw("SELECT 1 FROM datasets WHERE id = \(bind: dataset.id)").first() != nil {
            throw StoreError.conflict("dataset", dataset.id)
        }
        try await ensureNameFree(dataset.name, except: dataset.id, on: connection)
        try await connection.raw("""
            INSERT INTO datasets (id, name, publisher, access_rights, state, revision, issued, modified, document)
            VALUES (\(bind: dataset.id), \(bind: dataset.name), \(bind: dataset.publisher),
                    \(bind: dataset.accessRights.rawValue), 'active', \(bind: revision),
                    \(bind: Timestamp.string(dataset.issued)), \(bind: Timestamp.string(dataset.modified)),
                    \(bind: insert.document))
            """).run()
    }

    /// Replaces an active dataset whole. Its access rights may stay or close further; opening
    /// them is refused here, whatever route the write came by, and done only by
    /// ``AccessChangeRepository/apply(_:dataset:)`` with an approved change.
    @discardableResult
    public func replace(_ dataset: Dataset) async throws -> Int64 {
        try await database.transaction { connection in
            guard let row = try await connection.raw(
                "SELECT access_rights FROM datasets WHERE id = \(bind: dataset.id) AND state = 'active'"
            ).first() else {
                throw StoreError.notFound("dataset", dataset.id)
            }
            let current = try row.decode(column: "access_rights", as: String.self)
            if let rights = AccessRights(rawValue: current), rights.opens(to: dataset.accessRights) {
                throw StoreError.accessWouldOpen(dataset.id, from: current, to: dataset.accessRights.rawValue)
            }
            return try await Self.write(dataset, on: connection)
        }
    }

    /// The update itself, inside the caller's transaction.
    static func write(_ dataset: Dataset, on connection: any SQLDatabase) async throws -> Int64 {
        let document = try DocumentCoding.text(of: dataset)
        let revision = try await Revisions.bump("catalog", on: connection)
        try await ensureNameFree(dataset.name, except: dataset.id, on: connection)
        try await connection.raw("""
            UPDATE datasets SET name = \(bind: dataset.name), publisher = \(bind: dataset.publisher),
                access_rights = \(bind: dataset.accessRights.rawValue), revision = \(bind: revision),
                modified = \(bind: Timestamp.string(dataset.modified)), document = \(bind: document)
            WHERE id = \(bind: dataset.id)
            """).run()
        return revision
    }

    @discardableResult
    public func delete(id: String) async throws -> Int64 {
        try await database.transaction { connection in
            guard try await connection.raw(
                "SELECT 1 FROM datasets WHERE id = \(bind: id) AND state = 'active'"
            ).first() != nil else {
                throw StoreError.notFound("dataset", id)
            }
            let revision = try await Revisions.bump("catalog", on: connection)
            try await connection.raw("""
                UPDATE datasets SET state = 'deleted', revision = \(bind: revision),
                    name = \(bind: "~deleted~" + id), deleted_at = \(bind: Timestamp.string(Date()))
                WHERE id = \(bind: id)
                """).run()
            return revision
        }
    }

    /// An active dataset by id or by name.
    public func find(idOrName key: String) async throws -> Dataset? {
        try await database.withConnection { connection in
            let row = try await connection.raw("""
                SELECT document FROM datasets WHERE (id = \(bind: key) OR name = \(bind: key)) AND state = 'active'
                """).first()
            return try row.map { try Self.decode(try $0.decode(column: "document", as: String.self)) }
        }
    }

    public func count() async throws -> Int {
        try await database.withConnection { connection in
            try await connection.raw("SELECT COUNT(*) AS n FROM datasets WHERE state = 'active'").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func currentRevision() async throws -> Int64 {
        try await database.withConnection { try await Revisions.current("catalog", on: $0) }
    }

    /// Every change after `revision`, and the revision they bring the reader to.
    ///
    /// The documents are decoded after the connection is given back, on every core: at start a
    /// node reads its whole catalogue here, and decoding a million JSON documents on one core
    /// was most of a four-minute start.
    public func changes(since revision: Int64) async throws -> (revision: Int64, changes: [Change]) {
        let (current, stored) = try await database.withConnection { connection in
            let current = try await Revisions.current("catalog", on: connection)
            guard current > revision else { return (current, [(id: String, document: String?)]()) }
            let rows = try await connection.raw("""
                SELECT id, state, document FROM datasets WHERE revision > \(bind: revision) AND revision <= \(bind: current)
                """).all()
            let stored: [(id: String, document: String?)] = try rows.map { row in
                let id = try row.decode(column: "id", as: String.self)
                if try row.decode(column: "state", as: String.self) == "deleted" { return (id, nil) }
                return (id, try row.decode(column: "document", as: String.self))
            }
            return (current, stored)
        }
        let changes = try await stored.concurrentMap(slicesOf: 2_048, Self.change)
        return (current, changes)
    }

    private static func change(_ row: (id: String, document: String?)) throws -> Change {
        guard let document = row.document else { return .deleted(id: row.id) }
        return .upserted(try decode(document))
    }

    private static func ensureNameFree(_ name: String, except id: String, on connection: any SQLDatabase) async throws {
        let holder = try await connection.raw("SELECT id FROM datasets WHERE name = \(bind: name) AND id <> \(bind: id)").first()
        if holder != nil { throw StoreError.conflict("dataset name", name) }
    }

    static func decode(_ document: String) throws -> Dataset {
        try DocumentCoding.decoder().decode(Dataset.self, from: Data(document.utf8))
    }
}
