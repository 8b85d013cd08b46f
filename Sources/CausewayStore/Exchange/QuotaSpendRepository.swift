import Foundation
import SQLKit

/// How many calls each node has admitted per agreement today (UTC), so that N nodes behind a
/// balancer hold one quota between them instead of N. A node writes its own running counts
/// and reads everyone else's, about once a second; the gateway itself never waits on this.
public struct QuotaSpendRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One node's running count for one agreement on one day.
    public struct Spend: Sendable, Hashable {
        public var agreement: String
        public var node: String
        public var calls: Int64

        public init(agreement: String, node: String, calls: Int64) {
            self.agreement = agreement
            self.node = node
            self.calls = calls
        }
    }

    /// Stores this node's running counts for `day`.
    public func publish(node: String, day: String, counts: [String: Int64], at now: Date) async throws {
        guard !counts.isEmpty else { return }
        let rows = counts.sorted { $0.key < $1.key }.map { agreement, calls -> [SQLValue] in
            [.text(agreement), .text(node), .text(day), .integer(calls), .text(Timestamp.string(now))]
        }
        try await database.transaction { connection in
            try await SQLKitStatements(connection: connection).insert(
                "INSERT INTO quota_spend (agreement, node, day, calls, updated_at) VALUES", rows: rows,
                suffix: "ON CONFLICT (day, agreement, node) DO UPDATE SET calls = excluded.calls, updated_at = excluded.updated_at")
        }
    }

    /// Every other node's counts for `day`.
    public func others(than node: String, day: String) async throws -> [Spend] {
        try await database.withConnection { connection in
            try await SQLKitStatements(connection: connection).rows(
                "SELECT agreement, node, calls FROM quota_spend WHERE day = ? AND node <> ?", [.text(day), .text(node)],
                columns: [("agreement", .text), ("node", .text), ("calls", .integer)]
            ).compactMap { row in
                guard let agreement = row[0].text, let other = row[1].text, let calls = row[2].integer else { return nil }
                return Spend(agreement: agreement, node: other, calls: calls)
            }
        }
    }

    /// Forgets counts of days before `day`.
    /// Every node that published counts since `day`, with when it last did: the nodes of the
    /// deployment that serve gateway traffic, as the operator's view lists them.
    public func nodes(since day: String) async throws -> [(node: String, lastSeen: Date)] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT node, MAX(updated_at) AS seen FROM quota_spend WHERE day >= \(bind: day) GROUP BY node ORDER BY node
                """).all().map { row in
                (try row.decode(column: "node", as: String.self),
                 Timestamp.date(try row.decode(column: "seen", as: String.self)) ?? .distantPast)
            }
        }
    }

    public func prune(before day: String) async throws {
        try await database.transaction { connection in
            try await SQLKitStatements(connection: connection).run("DELETE FROM quota_spend WHERE day < ?", [.text(day)])
        }
    }
}
