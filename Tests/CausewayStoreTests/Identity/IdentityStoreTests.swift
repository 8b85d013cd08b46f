import CausewayCore
import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

@Suite("Agencies, systems, users, secrets, keys")
struct IdentityStoreTests {
    static let health = Agency(code: "health-ministry", name: "Ministry of Health", homepage: "https://health.example")

    @Test(arguments: TestDatabase.engines)
    func agencies(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let agencies = AgencyRepository(database: database)
            let before = Date().addingTimeInterval(-1)
            try await agencies.create(Self.health)
            await #expect(throws: StoreError.conflict("agency", "health-ministry")) { try await agencies.create(Self.health) }
            var renamed = Self.health
            renamed.name = "Department of Health"
            renamed.email = "data@health.example"
            try await agencies.update(renamed)
            var found = try #require(try await agencies.find("health-ministry"))
            #expect(try #require(found.registered) > before, "the store dates the registration")
            #expect(try await agencies.all() == [found])
            found.registered = nil
            #expect(found == renamed)
            #expect(try await agencies.find("nobody") == nil)
            await #expect(throws: StoreError.notFound("agency", "nobody")) {
                try await agencies.update(Agency(code: "nobody", name: "x"))
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func systemsAndSecrets(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let agencies = AgencyRepository(database: database)
            let secrets = ClientSecretRepository(database: database)
            try await agencies.create(Self.health)
            let system = ClientSystem(agency: "health-ministry", code: "case-registry", name: "Case registry")
            try await agencies.createSystem(system)
            await #expect(throws: StoreError.conflict("system", "health-ministry/case-registry")) { try await agencies.createSystem(system) }
            await #expect(throws: StoreError.notFound("agency", "nobody")) {
                try await agencies.createSystem(ClientSystem(agency: "nobody", code: "x1", name: "x"))
            }
            #expect(try await agencies.systems(of: "health-ministry") == [system])
            #expect(try await agencies.findSystem(agency: "health-ministry", code: "case-registry") == system)
            let portal = ClientSystem(agency: "health-ministry", code: "portal", name: "Portal", roles: [.citizenPortal])
            try await agencies.createSystem(portal)
            #expect(try await agencies.findSystem(agency: "health-ministry", code: "portal")?.roles == [.citizenPortal])

            try await secrets.insert(id: "s1", agency: "health-ministry", system: "case-registry", secretHash: "abc", at: Date())
            #expect(try await secrets.liveSecrets(agency: "health-ministry", system: "case-registry").map(\.hash) == ["abc"])
            #expect(try await secrets.liveSecretIDs() == ["s1"])
            let listed = try await secrets.list(agency: "health-ministry", system: "case-registry")
            #expect(listed.map(\.id) == ["s1"])
            #expect(listed.first?.revokedAt == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func users(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let agencies = AgencyRepository(database: database)
            let users = UserRepository(database: database)
            try await agencies.create(Self.health)
            let user = User(username: "ana.silva", displayName: "Ana Silva", memberships: [
                Membership(agency: "health-ministry", role: .steward), Membership(agency: "health-ministry", role: .dpo),
            ])
            try await users.save(user, passwordHash: "hash-1")
            let found = try #require(try await users.find("ana.silva"))
            #expect(found.passwordHash == "hash-1")
            #expect(Set(found.user.memberships) == Set(user.memberships))
            await #expect(throws: StoreError.conflict("user", "ana.silva")) { try await users.save(user, passwordHash: "x") }

            var changed = user
            changed.memberships = [Membership(agency: "health-ministry", role: .viewer)]
            changed.isOperator = true
            try await users.save(changed, passwordHash: "hash-2", replace: true)
            let replaced = try #require(try await users.find("ana.silva"))
            #expect(replaced.user == changed)
            #expect(replaced.passwordHash == "hash-2")
            #expect(try await users.count() == 1)

            let stranger = User(username: "bob", displayName: "Bob", memberships: [Membership(agency: "nowhere", role: .admin)])
            await #expect(throws: StoreError.notFound("agency", "nowhere")) { try await users.save(stranger, passwordHash: "x") }
            #expect(try await users.find("bob") == nil, "a failed save leaves nothing behind")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func nodeKeysAreCreatedOnceAndShared(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let keys = NodeKeyRepository(database: database)
            let first = try await keys.value(named: "k") { "one" }
            let second = try await keys.value(named: "k") { "two" }
            #expect(first == "one")
            #expect(second == "one")
            try await keys.rotate("k", bumping: "credentials") { "three" }
            #expect(try await keys.value(named: "k") { "four" } == "three")
            try await keys.rotate("k", bumping: "credentials") { "five" }
            #expect(try await keys.generations(of: "k") == ["five", "three", "one"], "current first, then retired, newest first")
        }
    }
}
