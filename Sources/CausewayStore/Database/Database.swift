import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit
import Synchronization

/// The database a node keeps its state in: a SQLite file (one node, no set-up) or PostgreSQL
/// (many nodes sharing one server). Repositories see only SQLKit, and write one set of queries
/// for both; the few places where the dialects differ ask ``engine``.
public final class Database: Sendable {
    public enum Engine: String, Sendable, CaseIterable {
        case sqlite
        case postgres
    }

    public let engine: Engine
    public let logger: Logger
    let pool: any ConnectionLeasing
    /// Serialises transactions on SQLite (see ``WriterGate``); nil on PostgreSQL.
    let writerGate: WriterGate?
    /// The SQLite checkpoint started after the last bulk write, if any (see ``sessionTransaction(bulk:_:)``).
    private let checkpoint = Mutex<Task<Void, Never>?>(nil)
    /// Synchronous connections to the same file, for the few hot statements that must not
    /// pay SQLiteNIO's thread switches (see ``DirectSQLite``); nil on PostgreSQL.
    let direct: DirectSQLitePool?
    /// How to open a connection of one's own to PostgreSQL (for ``listen(on:ready:_:)``); nil on SQLite.
    private let postgres: (configuration: PostgresConnection.Configuration, group: any EventLoopGroup)?

    private init(engine: Engine, pool: any ConnectionLeasing, logger: Logger, writerGate: WriterGate? = nil, direct: DirectSQLitePool? = nil,
                 postgres: (configuration: PostgresConnection.Configuration, group: any EventLoopGroup)? = nil) {
        self.engine = engine
        self.pool = pool
        self.logger = logger
        self.writerGate = writerGate
        self.direct = direct
        self.postgres = postgres
    }

    /// How far a SQLite commit goes before it returns.
    public enum SQLiteDurability: String, Sendable, CaseIterable {
        /// Synced to disk: a commit survives a power cut (`synchronous = FULL`). The default.
        case full
        /// Written to the operating system: a commit survives the process being killed but not
        /// a power cut (`synchronous = NORMAL`); saves a disk sync per commit.
        case normal
    }

    /// Opens the database a URL names: `sqlite:PATH` / a plain file path, or `postgres://…`.
    ///
    /// `connectionWait` bounds how long a caller queues for a pooled connection before it fails
    /// (AsyncKit's default, ten seconds, suits a server: a request that waits longer has lost
    /// its client anyway). A test suite that runs dozens of nodes on two cores waits longer.
    public static func open(
        _ location: DatabaseLocation, logger: Logger, maxConnections: Int = 4,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        sqliteDurability: SQLiteDurability = .full, connectionWait: Duration = .seconds(10)
    ) async throws -> Database {
        switch location {
        case .sqlite(let path):
            let source = SQLiteTunedSource(path: path, durability: sqliteDurability)
            let pool = EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: maxConnections, requestTimeout: TimeAmount(connectionWait), logger: logger, on: eventLoopGroup)
            let leasing = Leasing(pool: pool, logger: logger) { LeasedConnection(sql: $0.sql(), sqlite: $0) }
            return Database(engine: .sqlite, pool: leasing, logger: logger, writerGate: .shared(for: path),
                            direct: DirectSQLitePool(path: path, durability: sqliteDurability))
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StoreError.invalidConfiguration("not a usable PostgreSQL URL")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: maxConnections, requestTimeout: TimeAmount(connectionWait), logger: logger, on: eventLoopGroup)
            let leasing = Leasing(pool: pool, logger: logger) { LeasedConnection(sql: $0.sql(), sqlite: nil) }
            return Database(engine: .postgres, pool: leasing, logger: logger,
                            postgres: (configuration.coreConfiguration, eventLoopGroup))
        }
    }

    /// The channel on which PostgreSQL announces each bumped revision, by name (migration 9's
    /// trigger on `revisions`). A notification is sent when the bumping transaction commits,
    /// never before, so whoever hears it reads the change.
    public static let revisionChannel = "causeway_revisions"

    /// Listens to `channel` on a connection of its own (a listening connection cannot go back
    /// to the pool) and calls `receive` with each notification's payload, until the task is
    /// cancelled; `ready` is called once the server has confirmed the `LISTEN`. Throws when the
    /// connection fails, so that the caller can reconnect. Returns at once on SQLite, which
    /// has no notifications: nodes sharing a SQLite file notice changes by polling.
    public func listen(on channel: String, ready: @Sendable () -> Void, _ receive: @Sendable (String) -> Void) async throws {
        guard let postgres else { return }
        let connection = try await PostgresConnection.connect(
            on: postgres.group.any(), configuration: postgres.configuration, id: 0, logger: logger)
        do {
            try await connection.listen(on: channel) { notifications in
                ready()
                for try await notification in notifications { receive(notification.payload) }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// Runs `body` on one pooled connection.
    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.lease { try await body($0.sql) }
    }

    /// `body` on a ``DirectSQLite`` connection, on the caller's thread; nil on PostgreSQL. Only
    /// for reads known to be short (one index probe): a long one would hold up the thread.
    func directRead<T>(_ body: (DirectSQLite) throws -> T) async throws -> T? {
        guard let direct else { return nil }
        return try await direct.with { try body($0) }
    }

    /// A transaction on a ``DirectSQLite`` connection, queued with every other SQLite writer;
    /// nil on PostgreSQL, where the caller takes the ordinary path. Statements run on the
    /// caller's thread, so the caller should be one that may block (the log writer's own).
    func directTransaction<T: Sendable>(_ body: (DirectSQLite) async throws -> T) async throws -> T? {
        guard let direct, let writerGate else { return nil }
        return try await writerGate.run {
            try await direct.with { connection in
                try connection.rows("BEGIN IMMEDIATE")
                do {
                    let result = try await body(connection)
                    try connection.rows("COMMIT")
                    return result
                } catch {
                    _ = try? connection.rows("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Runs `body` in a transaction on one connection: committed if it returns, rolled back if
    /// it throws. SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so that two writers
    /// queue on the busy timeout instead of failing with SQLITE_BUSY half way.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let writerGate else { return try await leasedTransaction { try await body($0.sql) } }
        return try await writerGate.run { try await self.leasedTransaction { try await body($0.sql) } }
    }

    func leasedTransaction<T: Sendable>(
        sqliteBulk: Bool = false, _ body: @Sendable (LeasedConnection) async throws -> T
    ) async throws -> T {
        try await pool.lease { leased in
            let connection = leased.sql
            if sqliteBulk {
                for pragma in Self.bulkPragmas { try await connection.raw("\(unsafeRaw: pragma)").run() }
            }
            try await connection.raw(engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(leased)
                try await connection.raw("COMMIT").run()
                if sqliteBulk {
                    await restorePragmas(connection)
                    checkpointInBackground()
                }
                return result
            } catch {
                try? await connection.raw("ROLLBACK").run()
                if sqliteBulk { await restorePragmas(connection) }
                throw error
            }
        }
    }

    /// A bulk load's connection settings: a 64 MiB page cache, so that fewer pages spill to the
    /// log mid-load and building the indexes sorts in memory.
    static let bulkPragmas = ["PRAGMA cache_size = -65536"]
    /// SQLite's default page cache, which the connection goes back to for everyone else.
    static let defaultPragmas = ["PRAGMA cache_size = -2000"]

    private func restorePragmas(_ connection: any SQLDatabase) async {
        for pragma in Self.defaultPragmas { try? await connection.raw("\(unsafeRaw: pragma)").run() }
    }

    /// Copies the write-ahead log into the database file now (SQLite; nothing on PostgreSQL).
    /// No commit does it on SQLite (`wal_autocheckpoint = 0`): a checkpoint inside a commit
    /// stalled whoever committed — an upload, or a batch of gateway calls waiting on their audit
    /// events — so the node runs this every second in the background instead.
    public func checkpointNow() async {
        guard engine == .sqlite else { return }
        checkpointInBackground()
        await self.checkpoint.withLock { $0 }?.value
    }

    /// Copies the write-ahead log into the database file without holding up anyone: a passive
    /// checkpoint neither waits for readers nor blocks writers. Checkpoints queue one behind
    /// another; ``shutdown()`` waits for the last.
    private func checkpointInBackground() {
        checkpoint.withLock { current in
            let previous = current
            current = Task {
                await previous?.value
                do {
                    try await pool.lease { try await $0.sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run() }
                } catch {
                    logger.warning("background checkpoint failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }

    public func shutdown() async {
        await checkpoint.withLock { $0 }?.value
        direct?.shutdown()
        await pool.shutdown()
    }
}

/// Where the database is.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Parses `postgres://…` / `postgresql://…`, `sqlite:PATH` / `sqlite://PATH`, or a plain path.
    public init(parsing text: String) throws {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if lower.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if lower.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if !text.contains("://"), !text.isEmpty {
            self = .sqlite(path: text)
        } else {
            throw StoreError.invalidConfiguration("database must be postgres://… or sqlite:PATH")
        }
    }

    /// A description safe to log: the PostgreSQL password is masked.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}

/// A pooled connection as SQLKit sees it, plus the SQLite connection itself when the engine
/// is SQLite: hosted tables bind millions of values, and SQLite's own binding skips SQLKit's
/// `Encodable` round trip per value.
struct LeasedConnection: Sendable {
    let sql: any SQLDatabase
    let sqlite: SQLiteConnection?
}

/// Hides the pool's generic connection type so ``Database`` stays one concrete type.
protocol ConnectionLeasing: Sendable {
    func lease<T: Sendable>(_ body: @Sendable (LeasedConnection) async throws -> T) async throws -> T
    func shutdown() async
}

struct Leasing<Source: ConnectionPoolSource>: ConnectionLeasing where Source.Connection: Sendable {
    let box: PoolBox<Source>
    let logger: Logger
    let sql: @Sendable (Source.Connection) -> LeasedConnection

    init(pool: EventLoopGroupConnectionPool<Source>, logger: Logger, sql: @escaping @Sendable (Source.Connection) -> LeasedConnection) {
        self.box = PoolBox(pool: pool)
        self.logger = logger
        self.sql = sql
    }

    var pool: EventLoopGroupConnectionPool<Source> { box.pool }

    func lease<T: Sendable>(_ body: @Sendable (LeasedConnection) async throws -> T) async throws -> T {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await body(sql(connection))
    }

    func shutdown() async {
        try? await pool.shutdownAsync()
    }
}

/// Carries AsyncKit's pool across tasks.
///
/// `@unchecked Sendable` is sound here: `EventLoopGroupConnectionPool` is built to be called
/// from any thread. Its only mutable state (`didShutdown`) is guarded by its own lock, its
/// per-loop storage is created in `init` and never mutated, and every per-loop pool operation
/// hops onto that pool's event loop before touching its state. AsyncKit predates `Sendable`
/// annotations, which is the only reason the type lacks the conformance.
struct PoolBox<Source: ConnectionPoolSource>: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
}

/// SQLite connections set up for a server: write-ahead logging so readers never block the
/// writer, a busy timeout so concurrent writers wait instead of failing, and foreign keys on.
/// By default (`synchronous = FULL`) every commit reaches the disk before it returns: a gateway
/// answer names its log entry only once the entry would survive a power cut, not just a crash
/// of the process. Group commit keeps that to one sync per batch of calls.
struct SQLiteTunedSource: ConnectionPoolSource {
    let path: String
    let durability: Database.SQLiteDurability

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop).flatMap { connection in
            var future = eventLoop.makeSucceededVoidFuture()
            for pragma in Self.pragmas(durability) {
                future = future.flatMap { connection.query(pragma).map { _ in } }
            }
            return future.map { connection }.flatMapError { error in
                connection.close().flatMapThrowing { throw error }
            }
        }
    }

    /// Every connection's settings, whichever driver opens it.
    static func pragmas(_ durability: Database.SQLiteDurability) -> [String] {
        ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")", "PRAGMA busy_timeout = 10000",
         "PRAGMA foreign_keys = ON", "PRAGMA wal_autocheckpoint = 0"]
    }
}
