import CausewayCore
import Foundation
import SQLKit

/// What each consumer system has spent of the privacy budget an agreement grants it: one
/// row per answered query, in millionths of ρ, with its log entry.
///
/// Invariant: a spend is admitted and stored in one transaction that first locks the
/// budget's row (PostgreSQL `FOR UPDATE`; SQLite's single writer), so concurrent queries,
/// on one node or several, are admitted one after another against what the others spent
/// and can never overspend together. A refused spend stores nothing.
public struct PrivacyLedger: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One spend as stored and shown to the analyst and the steward.
    public struct Spend: Sendable, Hashable, Codable {
        public var id: String
        public var agreement: String
        public var system: String
        public var dataset: String
        public var statistic: String
        public var rho: Double
        public var epsilon: Double?
        public var delta: Double
        public var analyst: String
        public var at: Date
        /// The log entry that records it.
        public var logIndex: Int64?

        /// The `agreement` a steward's release is recorded under: no agreement, the release's dataset.
        public static func release(dataset: String) -> String { "release/\(dataset)" }

        /// The released dataset's name, when this spend is a steward's release.
        public var release: String? {
            agreement.hasPrefix("release/") ? String(agreement.dropFirst("release/".count)) : nil
        }

        public init(id: String, agreement: String, system: String, dataset: String, statistic: String, rho: Double, epsilon: Double?,
                    delta: Double, analyst: String, at: Date, logIndex: Int64? = nil) {
            self.id = id
            self.agreement = agreement
            self.system = system
            self.dataset = dataset
            self.statistic = statistic
            self.rho = rho
            self.epsilon = epsilon
            self.delta = delta
            self.analyst = analyst
            self.at = at
            self.logIndex = logIndex
        }
    }

    /// Spends `spend.rho` against `budget` if it fits, storing the spend and its log entry;
    /// throws ``PrivacyBudget/Exhausted`` (storing nothing) if it does not.
    public func spend(_ spend: Spend, budget: PrivacyBudget, event: AuditEvent) async throws -> Spend {
        try await database.transaction { [engine = database.engine] connection in
            try await connection.raw("""
                INSERT INTO privacy_budgets (agreement, system, created_at)
                VALUES (\(bind: spend.agreement), \(bind: spend.system), \(bind: Timestamp.string(spend.at)))
                ON CONFLICT (agreement, system) DO NOTHING
                """).run()
            if engine == .postgres {
                try await connection.raw("""
                    SELECT agreement FROM privacy_budgets WHERE agreement = \(bind: spend.agreement) AND system = \(bind: spend.system) FOR UPDATE
                    """).run()
            }
            let spent = try await Self.spent(agreement: spend.agreement, system: spend.system, now: spend.at, on: connection)
            try budget.admit(spend.rho, spent: spent, now: spend.at)
            return try await Self.store(spend, event: event, on: connection, engine: engine)
        }
    }

    /// Records a steward's release of noisy tables (``Spend/release(dataset:)`` as its
    /// agreement): no agreement's budget binds the data's own publisher, but what was spent on
    /// the source is on the record and in the log like every query's spend.
    public func recordRelease(_ spend: Spend, event: AuditEvent) async throws -> Spend {
        try await database.transaction { [engine = database.engine] connection in
            try await Self.store(spend, event: event, on: connection, engine: engine)
        }
    }

    private static func store(_ spend: Spend, event: AuditEvent, on connection: any SQLDatabase, engine: Database.Engine) async throws -> Spend {
        var stored = spend
        stored.logIndex = try await LogAppender.append([LogEntryDraft(event)], inTransactionOn: connection, engine: engine).first
        try await connection.raw("""
            INSERT INTO privacy_spends (id, agreement, system, dataset, statistic, rho_micros, epsilon, delta, analyst, at, log_index)
            VALUES (\(bind: stored.id), \(bind: stored.agreement), \(bind: stored.system), \(bind: stored.dataset), \(bind: stored.statistic),
                    \(bind: PrivacyBudget.micros(stored.rho)), \(bind: stored.epsilon), \(bind: stored.delta), \(bind: stored.analyst),
                    \(bind: Timestamp.string(stored.at)), \(bind: stored.logIndex))
            """).run()
        return stored
    }

    /// What a system has spent under an agreement, in total and since the start of `now`'s UTC day.
    public func spent(agreement: String, system: String, now: Date) async throws -> PrivacyBudget.Spent {
        try await database.withConnection { connection in
            try await Self.spent(agreement: agreement, system: system, now: now, on: connection)
        }
    }

    static func spent(agreement: String, system: String, now: Date, on connection: any SQLDatabase) async throws -> PrivacyBudget.Spent {
        let day = Timestamp.string(PrivacyBudget.dayStart(of: now))
        guard let row = try await connection.raw("""
            SELECT CAST(COALESCE(SUM(rho_micros), 0) AS BIGINT) AS total,
                   CAST(COALESCE(SUM(CASE WHEN at >= \(bind: day) THEN rho_micros ELSE 0 END), 0) AS BIGINT) AS today
            FROM privacy_spends WHERE agreement = \(bind: agreement) AND system = \(bind: system)
            """).first() else { return .init(total: 0, today: 0) }
        return .init(total: Double(try row.decode(column: "total", as: Int64.self)) / 1_000_000,
                     today: Double(try row.decode(column: "today", as: Int64.self)) / 1_000_000)
    }

    /// Spends, newest first: of one agreement, or of every agreement over a provider's datasets.
    public func spends(agreements: [String], limit: Int = 200) async throws -> [Spend] {
        guard !agreements.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM privacy_spends WHERE agreement IN (\(binds: agreements)) ORDER BY at DESC, id DESC LIMIT \(bind: limit)
                """).all().map(Self.decode)
        }
    }

    /// Every spend on `datasets`, newest first, whoever spent it: analysts under agreements and
    /// stewards' releases. The steward's view of what was spent on their data.
    public func spends(datasets: [String], limit: Int = 200) async throws -> [Spend] {
        guard !datasets.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM privacy_spends WHERE dataset IN (\(binds: datasets)) ORDER BY at DESC, id DESC LIMIT \(bind: limit)
                """).all().map(Self.decode)
        }
    }

    static func decode(_ row: any SQLRow) throws -> Spend {
        Spend(id: try row.decode(column: "id", as: String.self), agreement: try row.decode(column: "agreement", as: String.self),
              system: try row.decode(column: "system", as: String.self), dataset: try row.decode(column: "dataset", as: String.self),
              statistic: try row.decode(column: "statistic", as: String.self),
              rho: Double(try row.decode(column: "rho_micros", as: Int64.self)) / 1_000_000,
              epsilon: try row.decode(column: "epsilon", as: Double?.self), delta: try row.decode(column: "delta", as: Double.self),
              analyst: try row.decode(column: "analyst", as: String.self),
              at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
              logIndex: try row.decode(column: "log_index", as: Int64?.self))
    }
}
