import CausewayCore
import Foundation
import SQLKit

/// Reads the transparency log: entries, the head, inclusion and consistency proofs, tiles and
/// the public report's counts. Never writes, so every node and every command may hold one.
///
/// A proof is computed from the tiles the appender keeps, read in the same statement batch as
/// the head it is checked against, so a proof is never made for entries not yet in the tree.
public struct LogReader: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One stored entry: its index and its canonical bytes.
    public struct Entry: Sendable, Equatable {
        public var index: Int64
        public var bytes: [UInt8]
    }

    /// The tree as of the last append: its size and root.
    public func head() async throws -> TreeFrontier {
        try await database.withConnection { connection in
            try await LogTables.head(on: SQLKitStatements(connection: connection), forUpdate: false)
        }
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

    /// The newest `limit` entries of the given kinds, newest first: the console's view of an
    /// agency's recent calls reads these (an index walk from the head, stopping at `limit`).
    public func latest(kinds: [String], limit: Int) async throws -> [Entry] {
        guard !kinds.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT idx, entry FROM log_entries WHERE kind IN (\(kinds.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))
                ORDER BY idx DESC LIMIT \(bind: limit)
                """).all().map { row in
                Entry(index: try row.decode(column: "idx", as: Int64.self), bytes: Array(try row.decode(column: "entry", as: String.self).utf8))
            }
        }
    }

    /// Whether any entry is of `kind` (a scan: for rare, one-off checks such as the demo's).
    public func contains(kind: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.raw("SELECT 1 AS found FROM log_entries WHERE kind = \(bind: kind) LIMIT 1").first() != nil
        }
    }

    /// Every count per `period`, for the public report; with `since`, only the periods that
    /// start on or after that name.
    public func counts(per period: TransparencyCount.Period = .month, since: String? = nil) async throws -> [TransparencyCount] {
        let (table, column, code) = LogTables.counts(period)
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT \(unsafeRaw: column) AS period, provider, consumer, purpose, outcome, \(unsafeRaw: code ?? "''") AS code, calls
                FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) >= \(bind: since ?? "")
                ORDER BY \(unsafeRaw: column), provider, consumer, purpose, outcome
                """).all().map { row in
                TransparencyCount(cell: .init(period: try row.decode(column: "period", as: String.self),
                                              provider: try row.decode(column: "provider", as: String.self),
                                              consumer: try row.decode(column: "consumer", as: String.self),
                                              purpose: try row.decode(column: "purpose", as: String.self),
                                              outcome: try row.decode(column: "outcome", as: String.self),
                                              code: try row.decode(column: "code", as: String.self)),
                                  calls: try row.decode(column: "calls", as: Int64.self))
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
            return try await LogTables.readTiles(wanted, on: SQLKitStatements(connection: connection))
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
}
