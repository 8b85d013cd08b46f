import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import SQLKit
import Synchronization
import Testing

/// Every secret the database holds is sealed under the master key: a copy of the database
/// alone cannot forge a session, a gateway token or a subject hash, nor sign the log.
@Suite("Keys sealed at rest")
struct KeyVaultTests {
    static func storedSecrets(_ database: Database) async throws -> [String: String] {
        let secrets = Mutex<[String: String]>([:])
        _ = try await SecretRows(database: database).rewrite { row in
            secrets.withLock { $0["\(row.table):\(row.key)"] = row.value }
            return nil
        }
        return secrets.withLock { $0 }
    }

    @Test(arguments: Database.Engine.allCases) func nothingIsStoredInClear(engine: Database.Engine) async throws {
        try await TestNode.with(demo: false, engine: engine) { node in
            let secrets = try await Self.storedSecrets(node.node.database)
            #expect(Set(secrets.keys).isSuperset(of: ["nodeKeys:session-hmac", "nodeKeys:subject-hmac", "nodeKeys:log-key"]))
            #expect(secrets.keys.contains { $0.hasPrefix("signingKeys:") })
            for (name, value) in secrets { #expect(MasterKey.isSealed(value), "\(name) is stored in clear") }
            let signing = try #require(node.node.accessTokens.requestSigningKey?.key.rawRepresentation.base64EncodedString())
            #expect(!secrets.values.contains { $0.contains(signing) })
        }
    }

    /// A database from before the master key (secrets in clear) is sealed at the next start,
    /// and every secret keeps its value: sessions and tokens issued before still work.
    @Test(arguments: Database.Engine.allCases) func clearValuesFromAnOlderReleaseAreSealedAtStart(engine: Database.Engine) async throws {
        let configuration = try await TestNode.configuration(demo: true, engine: engine)
        let (session, token) = try await TestNode.with(configuration: configuration) { node in
            // Put every secret back in clear, as the previous release kept them.
            let vault = node.node.vault
            try await SecretRows(database: node.node.database).rewrite { row in
                row.key == LogSigningKey.name ? nil : try vault.open(row.value, as: KeyVault.sealingName(of: row))
            }
            #expect(try await Self.storedSecrets(node.node.database).filter { !MasterKey.isSealed($0.value) }.count >= 3)
            return (try await node.token("hm.steward"), try await ExchangeTests.accessToken(node))
        }
        try await TestNode.with(configuration: configuration) { node in
            for (name, value) in try await Self.storedSecrets(node.node.database) { #expect(MasterKey.isSealed(value), "\(name)") }
            #expect(try await node.request(.get, "/api/v1/session", token: session).status == .ok, "the session key kept its value")
            try await ExchangeTests.load(node)
            #expect(try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token).status == .ok, "the token key too")
        }
    }

    /// Rotating the master key re-seals everything: the node starts with the new key and keeps
    /// its secrets; the old key no longer opens anything.
    @Test(arguments: Database.Engine.allCases) func theMasterKeyRotates(engine: Database.Engine) async throws {
        var configuration = try await TestNode.configuration(demo: true, engine: engine)
        let next = MasterKey.generate()
        let keyFile = configuration.dataDirectory + "/master-key"
        let (session, before, old) = try await TestNode.with(configuration: configuration) { node in
            let session = try await node.token("hm.steward")
            let before = try await Self.storedSecrets(node.node.database)
            let count = try await node.node.vault.reseal(SecretRows(database: node.node.database), under: next)
            #expect(count == before.count)
            return (session, before, try String(contentsOfFile: keyFile, encoding: .utf8))
        }
        let database = try await Database.open(configuration.resolvedDatabase, logger: TestNode.logger)
        let after = try await Self.storedSecrets(database)
        await database.shutdown()
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.allSatisfy { before[$0.key] != $0.value && MasterKey.isSealed($0.value) })
        configuration.masterKey = next.text
        let signer = try await TestNode.with(configuration: configuration) { node in
            let status = try await node.request(.get, "/api/v1/session", token: session).status
            #expect(status == .ok)
            return node.node.checkpoints.signer.verifier
        }
        #expect(signer.name == "causeway.test/log")
        configuration.masterKey = old
        await #expect(throws: KeyCustodyError.self) { try await TestNode.with(configuration: configuration) { _ in } }
    }

}
