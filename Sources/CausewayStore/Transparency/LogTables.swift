import CausewayCore
import Foundation
import SQLKit

/// The statements the appender and the reader share: the head and the tiles, as stored.
enum LogTables {
    /// The table that counts exchange calls per `period`, its period column and its code
    /// column (monthly counts have none).
    static func counts(_ period: TransparencyCount.Period) -> (table: String, column: String, code: String?) {
        switch period {
        case .month: ("log_counts", "month", nil)
        case .week: ("log_week_counts", "week", "code")
        }
    }

    /// The stored tiles among `ids`, in one statement.
    static func readTiles(_ ids: Set<LogTiles.ID>, on connection: some SQLStatements) async throws -> [LogTiles.ID: [UInt8]] {
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
    static func head(on connection: some SQLStatements, forUpdate: Bool) async throws -> TreeFrontier {
        try frontier(from: try await connection.rows(
            "SELECT size, frontier FROM log_head WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""),
            [], columns: [("size", .integer), ("frontier", .blob)]).first)
    }

    static func frontier(from row: [SQLValue]?) throws -> TreeFrontier {
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

}
