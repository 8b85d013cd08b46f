import CausewayCore
import Foundation
import SQLKit

/// The transparency log's entries and tree. Appending is one transaction that numbers the
/// entries densely after the log head, stores them, extends the tree's right-edge tiles and
/// moves the head: whoever holds the head (the row lock on PostgreSQL, the write lock on
/// SQLite) is the sequencer, so entries from every node and every kind of change — a gateway
/// batch or an agreement transition committed with its event — land in one order, and an
/// entry is never durable without its place in the tree.
public struct TransparencyLogStore: Sendable {
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
        var frontier = try await head(on: connection, forUpdate: engine == .postgres)
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
        try await count(drafts.compactMap(\.cell), on: connection)
        return (0..<drafts.count).map { first + Int64($0) }
    }

    /// Adds the batch's exchange calls to the public report's counts: one upsert per distinct
    /// cell, not per call.
    private static func count(_ counted: [TransparencyCount.Cell], on connection: some SQLStatements) async throws {
        var cells: [TransparencyCount.Cell: Int64] = [:]
        for cell in counted { cells[cell, default: 0] += 1 }
        guard !cells.isEmpty else { return }
        try await connection.insert("INSERT INTO log_counts (month, provider, consumer, purpose, outcome, calls) VALUES",
                                    rows: cells.sorted { $0.key < $1.key }.map { cell, calls in
            [.text(cell.month), .text(cell.provider), .text(cell.consumer), .text(cell.purpose), .text(cell.outcome), .integer(calls)]
        }, suffix: "ON CONFLICT (month, provider, consumer, purpose, outcome) DO UPDATE SET calls = log_counts.calls + excluded.calls")
    }

    /// Every count, for the public report.
    public func counts() async throws -> [TransparencyCount] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT month, provider, consumer, purpose, outcome, calls FROM log_counts ORDER BY month, provider, consumer, purpose, outcome
                """).all().map { row in
                TransparencyCount(cell: .init(month: try row.decode(column: "month", as: String.self),
                                              provider: try row.decode(column: "provider", as: String.self),
                                              consumer: try row.decode(column: "consumer", as: String.self),
                                              purpose: try row.decode(column: "purpose", as: String.self),
                                              outcome: try row.decode(column: "outcome", as: String.self)),
                                  calls: try row.decode(column: "calls", as: Int64.self))
            }
        }
    }

    /// Entries about a person: those carrying one of `hashes` (the person's identifier under
    /// each subject key the deployment has had), as their subject or in their path, newest first.
    public func entries(subjectHashes hashes: [String], limit: Int) async throws -> [Entry] {
        guard !hashes.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT idx, entry FROM log_entries WHERE idx IN (
                    SELECT idx FROM log_subject_hashes WHERE hash IN (\(hashes.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))
                )
                ORDER BY idx DESC LIMIT \(bind: limit)
                """).all().map { row in
                Entry(index: try row.decode(column: "idx", as: Int64.self), bytes: Array(try row.decode(column: "entry", as: String.self).utf8))
            }
        }
    }

    /// Adds leaves to the tree: reads the right-edge tiles, extends them, writes back the ones
    /// that changed and moves the head.
    private static func integrate(_ leaves: [MerkleHash.Value], into frontier: inout TreeFrontier, on connection: some SQLStatements) async throws {
        var tiles = TileSet(rightEdge: try await readTiles(Set(LogTiles.rightEdge(size: frontier.size).keys), on: connection))
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

    /// The stored tiles among `ids`, in one statement.
    private static func readTiles(_ ids: Set<LogTiles.ID>, on connection: some SQLStatements) async throws -> [LogTiles.ID: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let sorted = ids.sorted()
        let rows = try await connection.rows(
            "SELECT level, idx, hashes FROM log_tiles WHERE " + Array(repeating: "(level = ? AND idx = ?)", count: sorted.count).joined(separator: " OR "),
            sorted.flatMap { [SQLValue.integer(Int64($0.level)), .integer(Int64($0.index))] },
            columns: [("level", .integer), ("idx", .integer), ("hashes", .blob)])
        var tiles: [LogTiles.ID: [UInt8]] = [:]
        for row in rows {
            guard let level = row[0].integer, let index = row[1].integer, let hashes = row[2].bytes else {
                throw StoreError.invalidConfiguration("transparency log tiles are damaged: a tile row is not (level, index, hashes)")
            }
            tiles[LogTiles.ID(level: Int(level), index: UInt64(index))] = hashes
        }
        return tiles
    }

    /// Reads the head. An append reads it `forUpdate` on PostgreSQL: the row lock makes
    /// appenders on every node take turns (SQLite's `BEGIN IMMEDIATE` already has).
    private static func head(on connection: some SQLStatements, forUpdate: Bool) async throws -> TreeFrontier {
        try frontier(from: try await connection.rows(
            "SELECT size, frontier FROM log_head WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""),
            [], columns: [("size", .integer), ("frontier", .blob)]).first)
    }

    private static func frontier(from row: [SQLValue]?) throws -> TreeFrontier {
        guard let row else { throw StoreError.notFound("log head", "1") }
        guard row.count == 2, let size = row[0].integer, let bytes = row[1].bytes else {
            throw StoreError.invalidConfiguration("transparency log head is damaged: not (size, frontier)")
        }
        do {
            return try TreeFrontier(size: UInt64(size), bytes: bytes)
        } catch {
            throw StoreError.invalidConfiguration("transparency log head is damaged: \(error)")
        }
    }

    /// The tree as of the last append: its size and root.
    public func head() async throws -> TreeFrontier {
        try await database.withConnection { connection in
            try await Self.head(on: SQLKitStatements(connection: connection), forUpdate: false)
        }
    }

    /// Integrates entries stored but not yet in the tree: those copied from the audit table by
    /// migration 7. Runs after migrations, before anything else can append.
    static func integrateBacklog(on database: Database) async throws {
        try await database.transaction { [engine = database.engine] connection in
            let statements = SQLKitStatements(connection: connection)
            var frontier = try await head(on: statements, forUpdate: engine == .postgres)
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

    /// One stored entry: its index and its canonical bytes.
    public struct Entry: Sendable, Equatable {
        public var index: Int64
        public var bytes: [UInt8]
    }

    /// Entries `start..<end`, in order.
    public func entries(from start: Int64, to end: Int64) async throws -> [Entry] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT idx, entry FROM log_entries WHERE idx >= \(bind: start) AND idx < \(bind: end) ORDER BY idx
                """).all().map { row in
                Entry(index: try row.decode(column: "idx", as: Int64.self), bytes: Array(try row.decode(column: "entry", as: String.self).utf8))
            }
        }
    }

    public enum ProofError: Error, Equatable, Sendable {
        /// The tree is not that big (yet).
        case beyondTree(requested: UInt64, size: UInt64)
        case invalid(ProofPlan.Failure)
        /// A hash the proof needs is not where the tiles say: the store is damaged.
        case missingHash(TreeNode)
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    public func inclusionProof(index: UInt64, size: UInt64) async throws -> [MerkleHash.Value] {
        let plan: [ProofPlan.Step]
        do { plan = try ProofPlan.inclusion(index: index, size: size) } catch { throw ProofError.invalid(error) }
        return try await hashes(of: plan, within: size)
    }

    /// The consistency proof between the trees of `from` and `to` entries.
    public func consistencyProof(from: UInt64, to: UInt64) async throws -> [MerkleHash.Value] {
        let plan: [ProofPlan.Step]
        do { plan = try ProofPlan.consistency(from: from, to: to) } catch { throw ProofError.invalid(error) }
        return try await hashes(of: plan, within: to)
    }

    /// Reads the tiles a plan needs — one per tile level it touches — and hashes the proof.
    /// The tree of `size` is checked against the head in the same read, so a proof is never
    /// made for entries that are not in the tree.
    private func hashes(of plan: [ProofPlan.Step], within size: UInt64) async throws -> [MerkleHash.Value] {
        let locations = Dictionary(uniqueKeysWithValues: ProofPlan.nodes(of: plan).map { ($0, LogTiles.locate($0)) })
        let wanted = Set(locations.values.map(\.tile))
        let tiles = try await database.withConnection { connection -> [LogTiles.ID: [UInt8]] in
            let current = try await connection.raw("SELECT size FROM log_head WHERE id = 1").first()?.decode(column: "size", as: Int64.self) ?? 0
            guard size <= UInt64(current) else { throw ProofError.beyondTree(requested: size, size: UInt64(current)) }
            return try await Self.readTiles(wanted, on: SQLKitStatements(connection: connection))
        }
        return try ProofPlan.hashes(of: plan) { node in
            guard let location = locations[node], let tile = tiles[location.tile], let hash = LogTiles.hash(at: location, in: tile) else {
                throw ProofError.missingHash(node)
            }
            return hash
        }
    }

    /// Every stored tile at `level` from index `start`, for `causeway audit verify`.
    public func tiles(level: Int, from start: UInt64, limit: Int) async throws -> [(id: LogTiles.ID, hashes: [UInt8])] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT idx, hashes FROM log_tiles WHERE level = \(bind: level) AND idx >= \(bind: Int64(start)) ORDER BY idx LIMIT \(bind: limit)
                """).all().map { row in
                (LogTiles.ID(level: level, index: UInt64(try row.decode(column: "idx", as: Int64.self))),
                 Array(try row.decode(column: "hashes", as: Data.self)))
            }
        }
    }

    /// The number of stored entries and the highest index, which a verifier compares with the head.
    public func entryCount() async throws -> (count: Int64, maxIndex: Int64?) {
        try await database.withConnection { connection in
            let row = try await connection.raw("SELECT COUNT(*) AS n, MAX(idx) AS last FROM log_entries").first()
            let last = try row?.decodeNil(column: "last") == false ? try row?.decode(column: "last", as: Int64.self) : nil
            return (try row?.decode(column: "n", as: Int64.self) ?? 0, last)
        }
    }

    // MARK: Checkpoints

    public struct StoredCheckpoint: Sendable, Equatable {
        public var size: UInt64
        public var note: String
        public var signedAt: Date

        public init(size: UInt64, note: String, signedAt: Date) {
            self.size = size
            self.note = note
            self.signedAt = signedAt
        }
    }

    /// Keeps a signed checkpoint; a second one for the same size (another node, the same key)
    /// is the same text and is ignored.
    public func store(checkpoint note: String, size: UInt64, at time: Date) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                INSERT INTO log_checkpoints (size, note, signed_at) VALUES (\(bind: Int64(size)), \(bind: note), \(bind: Timestamp.string(time)))
                ON CONFLICT (size) DO NOTHING
                """).run()
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT size, note, signed_at FROM log_checkpoints ORDER BY size DESC LIMIT 1").first().map(Self.checkpoint)
        }
    }

    /// Checkpoints in size order, from `size` on.
    public func checkpoints(from size: UInt64, limit: Int) async throws -> [StoredCheckpoint] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT size, note, signed_at FROM log_checkpoints WHERE size >= \(bind: Int64(size)) ORDER BY size LIMIT \(bind: limit)
                """).all().map(Self.checkpoint)
        }
    }

    private static func checkpoint(_ row: any SQLRow) throws -> StoredCheckpoint {
        StoredCheckpoint(size: UInt64(try row.decode(column: "size", as: Int64.self)), note: try row.decode(column: "note", as: String.self),
                         signedAt: Timestamp.date(try row.decode(column: "signed_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }
}
