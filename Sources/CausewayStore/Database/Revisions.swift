import SQLKit

/// Monotonic counters that let nodes notice what changed. A writer bumps the counter inside
/// its transaction; the row lock makes bumps commit in counter order, so a reader that asks
/// for "rows with revision > r" never skips a committed change (a sequence would not give that:
/// sequence values are handed out before commit, in any order).
enum Revisions {
    static func bump(_ name: String, on connection: any SQLDatabase) async throws -> Int64 {
        let row = try await connection.raw(
            "UPDATE revisions SET value = value + 1 WHERE name = \(bind: name) RETURNING value"
        ).first()
        guard let value = try row?.decode(column: "value", as: Int64.self) else {
            throw StoreError.notFound("revision", name)
        }
        return value
    }

    static func current(_ name: String, on connection: any SQLDatabase) async throws -> Int64 {
        let row = try await connection.raw("SELECT value FROM revisions WHERE name = \(bind: name)").first()
        return try row?.decode(column: "value", as: Int64.self) ?? 0
    }
}
