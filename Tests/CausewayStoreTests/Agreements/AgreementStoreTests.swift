import CausewayCore
import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

/// Agreements on both engines: documents round-trip, stale writes are refused, audit events
/// are written with the change and delivered in order, and the policy revision moves with
/// agreements and credentials.
@Suite("Agreements in the store")
struct AgreementStoreTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let drafter = User(username: "so.engineer", displayName: "E", memberships: [Membership(agency: "stats", role: .engineer)])
    static let steward = User(username: "la.steward", displayName: "S", memberships: [Membership(agency: "land", role: .steward)])

    static func draft(_ id: String) throws -> Agreement {
        let facts = AgreementDraft.TargetFacts(target: .dataset("sales"), publisher: "land", accessRights: .restricted, fields: ["month", "price"])
        return try AgreementDraft(template: "official-statistics", provider: "land", consumer: "stats", systems: ["pipeline"],
                                  dataset: "sales", fields: ["month"])
            .agreement(id: id, drafter: drafter.username, at: now, template: AgreementTemplate.builtIn[1], target: facts,
                       consumerSystems: ["pipeline"])
    }

    static func prepare(_ database: Database) async throws {
        let agencies = AgencyRepository(database: database)
        for code in ["land", "stats"] {
            try await agencies.create(Agency(code: code, name: code.capitalized, description: ""))
        }
        try await agencies.createSystem(ClientSystem(agency: "stats", code: "pipeline", name: "Pipeline"))
    }

    @Test(arguments: TestDatabase.engines)
    func writesAreAtomicVersionedAndAudited(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.prepare(database)
            let repository = AgreementRepository(database: database)
            let outbox = AuditOutbox(database: database)
            let draft = try Self.draft("agr-a")
            let revision = try await repository.write(inserting: [draft], events: draft.events.map { AuditEvent($0, of: draft) })
            #expect(revision == 1)
            let stored = try #require(try await repository.find("agr-a"))
            #expect(stored.agreement == draft)
            #expect(stored.version == 1)
            #expect(try await repository.approved().isEmpty)

            var approved = try AgreementLifecycle.apply(.submit, to: draft, by: Self.drafter, at: Self.now)
            approved = try AgreementLifecycle.apply(.approve, to: approved, by: Self.steward, at: Self.now)
            let added = approved.events.dropFirst(draft.events.count).map { AuditEvent($0, of: approved) }
            try await repository.write(updating: [.init(agreement: approved, version: stored.version)], events: added)
            #expect(try await repository.approved().map(\.id) == ["agr-a"])

            // A second writer still holding version 1 is refused, and its events are not written.
            await #expect(throws: AgreementRepository.ChangedMeanwhile.self) {
                try await repository.write(updating: [.init(agreement: draft, version: 1)], events: [AuditEvent(kind: "x", at: Self.now, actor: nil, subject: "s", agencies: [])])
            }
            // So is a duplicate id, with nothing of the batch written.
            await #expect(throws: StoreError.self) {
                try await repository.write(inserting: [try Self.draft("agr-b"), draft], events: [])
            }
            #expect(try await repository.find("agr-b") == nil)

            let entries = try await outbox.entries(from: 0)
            #expect(entries.map(\.event.kind) == ["agreement.drafted", "agreement.submitted", "agreement.approved"])
            #expect(entries.map(\.index) == [0, 1, 2], "the log numbers entries densely from 0")
            let log = LogReader(database: database)
            let head = try await log.head()
            #expect(head.size == 3)
            let leaves = try await log.entries(from: 0, to: 3).map { MerkleHash.leaf($0.bytes) }
            #expect(head.root == MerkleHash.root(ofLeafHashes: leaves[...]), "each transition is in the tree as it commits")
            try await outbox.markDelivered(upTo: 2)
            #expect(try await outbox.delivered() == 2)
            try await outbox.markDelivered(upTo: 1)
            #expect(try await outbox.delivered() == 2, "delivery never moves back")

            let before = try await repository.policyRevision()
            try await ClientSecretRepository(database: database).insert(id: "s1", agency: "stats", system: "pipeline", secretHash: "h", at: Self.now)
            #expect(try await repository.policyRevision() == before + 1)
            #expect(try await ClientSecretRepository(database: database).systemsWithLiveSecrets() == ["stats/pipeline"])
            #expect(try await repository.all(agency: "stats").map(\.id) == ["agr-a"])
            #expect(try await repository.all(agency: "transport").isEmpty)
        }
    }
}
