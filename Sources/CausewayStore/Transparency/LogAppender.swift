import CausewayCore
import Foundation
import SQLKit

/// The transparency log's sequencer: the one role that adds entries.
///
/// Appending is one transaction that numbers the entries densely after the log head, stores
/// them, extends the tree's right-edge tiles and moves the head: whoever holds the head (the
/// row lock on PostgreSQL, the write lock on SQLite) is the sequencer, so entries from every
/// node and every kind of change — a gateway batch or an agreement transition committed with
/// its event — land in one order, and an entry is never durable without its place in the tree.
///
/// Safe to share between tasks: it holds only the database, and each append is one
/// transaction.
public struct LogAppender: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Appends `events` in one transaction: the group commit behind the gateway's audit.
    /// Returns their indexes, in order.
    public func append(_ events: [AuditEvent]) async throws -> [Int64] {
        try await append(events.map(LogEntryDraft.init))
    }

    public func append(_ drafts: [LogEntryDraft]) async throws -> [Int64] {
        guard !drafts.isEmpty else { return [] }
        // On SQLite the batch runs on a direct connection, on the caller's thread: eight
        // statements without SQLiteNIO's thread switches (see ``DirectSQLite``).
        if let indexes = try await database.directTransaction({ try await Self.append(drafts, on: $0, engine: .sqlite) }) {
            return indexes
        }
        return try await database.transaction { [engine = database.engine] connection in
            try await Self.append(drafts, on: SQLKitStatements(connection: connection), engine: engine)
        }
    }

    /// Appends inside the caller's transaction, so a change and its log entry commit together.
    static func append(_ drafts: [LogEntryDraft], inTransactionOn connection: any SQLDatabase, engine: Database.Engine) async throws -> [Int64] {
        try await append(drafts, on: SQLKitStatements(connection: connection), engine: engine)
    }

    private static func append(_ drafts: [LogEntryDraft], on connection: some SQLStatements, engine: Database.Engine) async throws -> [Int64] {
        guard !drafts.isEmpty else { return [] }
        var frontier = try await LogTables.head(on: connection, forUpdate: engine == .postgres)
        let first = Int64(frontier.size)
        try await connection.insert("INSERT INTO log_entries (idx, kind, subject, at, subject_hash, entry) VALUES", rows: drafts.enumerated().map { index, draft in
            [.integer(first + Int64(index)), .text(draft.kind), .text(draft.subject), .text(draft.at),
             draft.subjectHash.map(SQLValue.text) ?? .null, .text(draft.document)]
        }, suffix: "")
        let hashed = drafts.enumerated().flatMap { index, draft in
            draft.subjectHashes.map { [SQLValue.text($0), .integer(first + Int64(index))] }
        }
        if !hashed.isEmpty {
            try await connection.insert("INSERT INTO log_subject_hashes (hash, idx) VALUES", rows: hashed, suffix: "")
        }
        try await integrate(drafts.map(\.leafHash), into: &frontier, on: connection)
        for period in TransparencyCount.Period.allCases {
            try await count(drafts.flatMap { $0.cells.filter { $0.period == period }.map(\.cell) }, in: period, on: connection)
        }
        return (0..<drafts.count).map { first + Int64($0) }
    }

    /// Adds the batch's exchange calls to the public report's counts: one upsert per distinct
    /// cell, not per call.
    private static func count(_ counted: [TransparencyCount.Cell], in period: TransparencyCount.Period,
                              on connection: some SQLStatements) async throws {
        var cells: [TransparencyCount.Cell: Int64] = [:]
        for cell in counted { cells[cell, default: 0] += 1 }
        guard !cells.isEmpty else { return }
        let (table, column, code) = LogTables.counts(period)
        let codeColumn = code.map { ", " + $0 } ?? ""
        try await connection.insert("INSERT INTO \(table) (\(column), provider, consumer, purpose, outcome\(codeColumn), calls) VALUES",
                                    rows: cells.sorted { $0.key < $1.key }.map { cell, calls in
            [.text(cell.period), .text(cell.provider), .text(cell.consumer), .text(cell.purpose), .text(cell.outcome)]
                + (code == nil ? [] : [.text(cell.code)]) + [.integer(calls)]
        }, suffix: "ON CONFLICT (\(column), provider, consumer, purpose, outcome\(codeColumn)) DO UPDATE SET calls = \(table).calls + excluded.calls")
    }

    /// Adds leaves to the tree: reads the right-edge tiles, extends them, writes back the ones
    /// that changed and moves the head.
    static func integrate(_ leaves: [MerkleHash.Value], into frontier: inout TreeFrontier, on connection: some SQLStatements) async throws {
        var tiles = TileSet(rightEdge: try await LogTables.readTiles(Set(LogTiles.rightEdge(size: frontier.size).keys), on: connection))
        do {
            try tiles.append(leafHashes: leaves, to: &frontier)
        } catch {
            throw StoreError.invalidConfiguration("transparency log tiles are damaged: \(error)")
        }
        try await connection.insert("INSERT INTO log_tiles (level, idx, hashes) VALUES", rows: tiles.changed.sorted().map { id in
            [.integer(Int64(id.level)), .integer(Int64(id.index)), .blob(tiles.tiles[id] ?? [])]
        }, suffix: "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes")
        try await connection.run("UPDATE log_head SET size = ?, frontier = ? WHERE id = 1", [.integer(Int64(frontier.size)), .blob(frontier.bytes)])
    }

    /// Integrates entries stored but not yet in the tree: those copied from the audit table by
    /// migration 7. Runs after migrations, before anything else can append.
    static func integrateBacklog(on database: Database) async throws {
        try await database.transaction { [engine = database.engine] connection in
            let statements = SQLKitStatements(connection: connection)
            var frontier = try await LogTables.head(on: statements, forUpdate: engine == .postgres)
            while true {
                let rows = try await connection.raw("""
                    SELECT idx, entry FROM log_entries WHERE idx >= \(bind: Int64(frontier.size)) ORDER BY idx LIMIT 5000
                    """).all()
                guard !rows.isEmpty else { return }
                var leaves: [MerkleHash.Value] = []
                for row in rows {
                    guard try row.decode(column: "idx", as: Int64.self) == Int64(frontier.size) + Int64(leaves.count) else {
                        throw StoreError.invalidConfiguration("transparency log entries are not numbered densely")
                    }
                    leaves.append(MerkleHash.leaf(try row.decode(column: "entry", as: String.self).utf8))
                }
                try await integrate(leaves, into: &frontier, on: statements)
            }
        }
    }

}
