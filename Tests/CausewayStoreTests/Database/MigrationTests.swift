import CausewayStore
import CausewayTestSupport
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

    @Test func parsesLocations() throws {
        #expect(try DatabaseLocation(parsing: "postgres://u:secret@h:5432/db") == .postgres(url: "postgres://u:secret@h:5432/db"))
        #expect(try DatabaseLocation(parsing: "sqlite:/tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try DatabaseLocation(parsing: "sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try DatabaseLocation(parsing: "data/x.db") == .sqlite(path: "data/x.db"))
        #expect(throws: StoreError.self) { try DatabaseLocation(parsing: "mysql://x") }
        #expect(DatabaseLocation.postgres(url: "postgres://u:secret@h:5432/db").description == "postgres://u:***@h:5432/db")
    }
}
