@testable import CausewayStore
import CausewayTestSupport
import Synchronization
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test(arguments: TestDatabase.engines)
    func applyOnceAndAreIdempotent(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            #expect(try await Migrations.currentVersion(of: database) == Migrations.latestVersion)
            try await Migrations.apply(to: database)
            try await Migrations.apply(to: database)
            let rows = try await database.withConnection { try await $0.raw("SELECT version FROM schema_migrations").all() }
            #expect(rows.count == Migrations.all.count)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func refuseADatabaseFromTheFuture(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.withConnection {
                try await $0.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')").run()
            }
            await #expect(throws: StoreError.schemaTooNew(found: 999, known: Migrations.latestVersion)) {
                try await Migrations.apply(to: database)
            }
        }
    }

    /// Nodes started together each run the migrations: they take turns (an advisory lock on
    /// PostgreSQL, the write lock on SQLite) and each migration is applied once.
    @Test(arguments: TestDatabase.engines)
    func nodesStartingTogetherMigrateOnce(engine: Database.Engine) async throws {
        let location = try await TestDatabase.location(engine)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let database = try await Database.open(location, logger: TestDatabase.logger, maxConnections: 1)
                    do {
                        try await Migrations.apply(to: database)
                    } catch {
                        await database.shutdown()
                        throw error
                    }
                    await database.shutdown()
                }
            }
            try await group.waitForAll()
        }
        let database = try await Database.open(location, logger: TestDatabase.logger)
        let versions = try await database.withConnection { connection in
            try await connection.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
        await database.shutdown()
        #expect(versions == Migrations.all.map(\.version))
    }

    /// PostgreSQL announces a bumped revision when, and only when, the bumping transaction
    /// commits; nothing for a rollback, nothing for the relay's delivery mark.
    @Test func revisionsAreAnnouncedOnCommit() async throws {
        try await TestDatabase.with(.postgres) { database in
            let heard = Mutex<[String]>([])
            let (listening, ready) = AsyncStream.makeStream(of: Void.self)
            let listener = Task {
                try await database.listen(on: Database.revisionChannel, ready: { ready.yield() }) { name in
                    heard.withLock { $0.append(name) }
                }
            }
            var iterator = listening.makeAsyncIterator()
            await iterator.next()
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await database.transaction { connection in
                    _ = try await Revisions.bump("agreements", on: connection)
                    throw Rollback()
                }
            }
            try await database.transaction { connection in
                _ = try await Revisions.bump("audit-delivered", on: connection)
                _ = try await Revisions.bump("catalog", on: connection)
            }
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(5))
            while heard.withLock({ $0.isEmpty }), clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            listener.cancel()
            _ = try? await listener.value
            #expect(heard.withLock { $0 } == ["catalog"])
        }
    }

    @Test func parsesLocations() throws {
        #expect(try DatabaseLocation(parsing: "postgres://u:secret@h:5432/db") == .postgres(url: "postgres://u:secret@h:5432/db"))
        #expect(try DatabaseLocation(parsing: "sqlite:/tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try DatabaseLocation(parsing: "sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try DatabaseLocation(parsing: "data/x.db") == .sqlite(path: "data/x.db"))
        #expect(throws: StoreError.self) { try DatabaseLocation(parsing: "mysql://x") }
        #expect(DatabaseLocation.postgres(url: "postgres://u:secret@h:5432/db").description == "postgres://u:***@h:5432/db")
    }
}
