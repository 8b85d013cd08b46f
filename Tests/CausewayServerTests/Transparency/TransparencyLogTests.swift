import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
import Testing

@Suite("Transparency log")
struct TransparencyLogTests {
    /// Gateway calls land in the log with the index their response names; the published
    /// checkpoint verifies with the published key; every entry's inclusion proof and the
    /// consistency proof between two checkpoints verify — all over HTTP, as an outsider sees it.
    @Test(arguments: Database.Engine.allCases) func checkpointsEntriesAndProofsVerifyFromOutside(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let token = try await ExchangeTests.accessToken(node)
            let call = try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token, subject: "P1")
            #expect(call.status == .ok)
            let index = try #require(call.headers[ExchangeHeaders.auditIndex].flatMap { UInt64($0) })
            try await node.node.checkpoints.publish()

            let verifier = try NoteVerifier(encoded: try await node.request(.get, "/log/key").text)
            let first = try Checkpoint.open(try await node.request(.get, "/log/checkpoint").text, verifier: verifier)
            #expect(first.origin == "causeway.test/log")
            #expect(first.size == index + 1)
            let entries = try await Self.entries(node, size: first.size)
            #expect(MerkleHash.root(ofLeafHashes: entries.map(MerkleHash.leaf)[...]) == first.root)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let logged = try decoder.decode(AuditEvent.self, from: Data(entries[Int(index)]))
            #expect(logged.kind == "exchange.call" && logged.details["subject"] == node.node.subjects.hash("P1"))

            for leaf in Set([0, index / 2, index]) {
                let proof = try await node.request(.get, "/log/proof/inclusion?index=\(leaf)&size=\(first.size)").json()
                try ProofVerifier.verifyInclusion(leafHash: MerkleHash.leaf(entries[Int(leaf)]), index: leaf, size: first.size,
                                                  proof: Self.hashes(proof), root: first.root)
                #expect(proof["leafHash"]?.stringValue == Data(MerkleHash.leaf(entries[Int(leaf)])).base64EncodedString())
            }
            for _ in 0..<3 { _ = try await ExchangeTests.call(node, ExchangeTests.registry + "/P2", token: token) }
            try await node.node.checkpoints.publish()
            let second = try Checkpoint.open(try await node.request(.get, "/log/checkpoint").text, verifier: verifier)
            #expect(second.size == first.size + 3)
            let consistency = try await node.request(.get, "/log/proof/consistency?from=\(first.size)&to=\(second.size)").json()
            try ProofVerifier.verifyConsistency(size1: first.size, size2: second.size, root1: first.root, root2: second.root,
                                                proof: Self.hashes(consistency))
            #expect(LogWatch.judge(previous: first, current: second, proof: Self.hashes(consistency)) == .grew(from: first.size, to: second.size))
            // Default size: the latest checkpoint's.
            let latest = try await node.request(.get, "/log/proof/inclusion?index=0").json()
            #expect(latest["size"]?.intValue == Int(second.size))

            let masterKey = node.node.configuration.dataDirectory + "/" + MasterKeySource.fileName
            let permissions = try FileManager.default.attributesOfItem(atPath: masterKey)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }
    }

    @Test(arguments: Database.Engine.allCases) func badProofRequestsAreProblems(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let size = try await node.node.checkpoints.publish().size
            try await node.request(.get, "/log/proof/inclusion?index=x&size=1").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/log/proof/inclusion?index=\(size)&size=\(size)").expectProblem(.badRequest, "log.index-out-of-range")
            try await node.request(.get, "/log/proof/inclusion?index=0&size=\(size + 5)").expectProblem(.notFound, "log.beyond-tree")
            try await node.request(.get, "/log/proof/consistency?from=3&to=2").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/log/proof/consistency?from=1&to=\(size + 1)").expectProblem(.notFound, "log.beyond-tree")
            try await node.request(.get, "/log/proof/consistency?from=1").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/log/entries?start=0&end=0").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/log/entries?start=-1").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/log/entries?since=1").expectProblem(.badRequest, "request.parameter")
            let all = try await node.request(.get, "/log/entries?start=0&end=100000").json()
            #expect(all["entries"]?.arrayValue?.count == min(Int(size), 1_000))
        }
    }

    /// `causeway audit verify`'s checks: a clean log verifies; an edited entry, a deleted entry
    /// and (SQLite, whose file is easily copied while the node runs) a database rolled back to
    /// an older copy are each reported.
    @Test(arguments: Database.Engine.allCases) func verificationDetectsTamperingDeletionAndRollback(engine: Database.Engine) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-audit-\(UUID().uuidString)").path
        let snapshot = directory + "/older.sqlite"
        let configuration = try await TestNode.configuration(demo: true, dataDirectory: directory, engine: engine)
        let (remembered, verifier) = try await TestNode.with(configuration: configuration) { node -> (LogAuditor.Report?, NoteVerifier) in
            let log = node.node.log
            let auditor = LogAuditor(log: log, verifier: node.node.checkpoints.signer.verifier)
            try await node.node.checkpoints.publish()
            let clean = try await auditor.verify(batch: 7)
            #expect(clean.problems == [], "\(clean.problems)")
            #expect(clean.size > 10 && clean.checkpointsChecked == 1)
            let database = node.node.database

            let original = try #require(try await log.reader.entries(from: 3, to: 4).first)
            let edited = String(decoding: original.bytes, as: UTF8.self).replacingOccurrences(of: "\"at\":", with: "\"at\":1")
            try await Self.run(database, "UPDATE log_entries SET entry = \(bind: edited) WHERE idx = 3")
            let tampered = try await auditor.verify(batch: 7)
            #expect(tampered.problems.contains { $0.contains("tile 0/0 does not match") }, "\(tampered.problems)")
            #expect(tampered.problems.contains { $0.contains("checkpoint") }, "\(tampered.problems)")
            try await Self.run(database, "UPDATE log_entries SET entry = \(bind: String(decoding: original.bytes, as: UTF8.self)) WHERE idx = 3")
            #expect(try await auditor.verify().problems == [])

            // Deleting an entry, in the middle or at the end, leaves the numbering short of the head.
            for index in [Int64(5), Int64(clean.size) - 1] {
                let row = try #require(try await log.reader.entries(from: index, to: index + 1).first)
                try await Self.run(database, "DELETE FROM log_entries WHERE idx = \(bind: index)")
                let report = try await auditor.verify()
                #expect(report.problems.contains { $0.contains("deleted") }, "\(report.problems)")
                try await Self.run(database, """
                    INSERT INTO log_entries (idx, kind, subject, at, entry)
                    VALUES (\(bind: index), 'x', 'x', 'x', \(bind: String(decoding: row.bytes, as: UTF8.self)))
                    """)
            }
            #expect(try await auditor.verify().problems == [])
            guard engine == .sqlite else { return (nil, node.node.checkpoints.signer.verifier) }

            // Keep an older copy, let the log grow and remember its newest checkpoint.
            try await Self.run(database, "VACUUM INTO \(bind: snapshot)")
            let token = try await node.token("hm.dpo")
            try await node.request(.post, "/api/v1/agreements/agr-demo-shielding/suspend", json: #"{"reason":"Audit test"}"#, token: token)
            try await node.node.checkpoints.publish()
            let grown = try await auditor.verify()
            #expect(grown.problems == [], "\(grown.problems)")
            return (grown, node.node.checkpoints.signer.verifier)
        }
        // The restored copy misses entries a checkpoint seen before covered.
        guard let remembered else { return }
        let note = try #require(remembered.latestCheckpoint, "\(remembered.problems)")
        try FileManager.default.removeItem(atPath: directory + "/causeway.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: directory + "/causeway.sqlite" + suffix) }
        try FileManager.default.moveItem(atPath: snapshot, toPath: directory + "/causeway.sqlite")
        let database = try await Database.open(.sqlite(path: directory + "/causeway.sqlite"), logger: TestNode.logger)
        let report = try await LogAuditor(log: TransparencyLog(database: database), verifier: verifier).verify(remembered: note)
        await database.shutdown()
        #expect(report.problems.contains { $0.contains("rolled back") }, "\(report.problems)")
    }

    /// A node whose log key did not sign the stored checkpoints refuses to start, instead of
    /// signing a second, conflicting history (here: the sealed key replaced by another one
    /// sealed under the same master key, as a restore of the wrong key table would do).
    @Test(arguments: Database.Engine.allCases) func aNodeWithAnotherKeyRefusesToStart(engine: Database.Engine) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-key-\(UUID().uuidString)").path
        let configuration = try await TestNode.configuration(demo: false, dataDirectory: directory, engine: engine)
        try await TestNode.with(configuration: configuration) { node in
            _ = try await node.node.checkpoints.publish()
            let master = try configuration.masterKeySource.load(mayCreate: false)
            let other = master.seal(try NoteSigner(name: "causeway.test/log").encoded, as: LogSigningKey.name)
            try await Self.run(node.node.database, "UPDATE node_keys SET value = \(bind: other) WHERE name = \(bind: LogSigningKey.name)")
        }
        await #expect(throws: CheckpointPublisher.ForeignKey.self) {
            try await TestNode.with(configuration: configuration) { _ in }
        }
    }

    /// The log key is sealed in the database under the master key: a node without the master
    /// key, or with another one, refuses to start and says where the key must come from; one
    /// given the right key by file or by value starts and signs the same log.
    @Test(arguments: Database.Engine.allCases) func theLogKeyIsSealedUnderTheMasterKey(engine: Database.Engine) async throws {
        let first = try await TestNode.configuration(demo: false, engine: engine)
        let origin = try await TestNode.with(configuration: first) { node in
            let stored = try #require(try await NodeKeyRepository(database: node.node.database).value(named: LogSigningKey.name))
            #expect(MasterKey.isSealed(stored))
            #expect(!stored.contains(node.node.checkpoints.signer.encoded))
            return node.node.checkpoints.signer.name
        }
        #expect(origin == "causeway.test/log", "the origin comes from the public URL")
        var joining = try await TestNode.configuration(demo: false, database: first.resolvedDatabase, engine: engine)
        await #expect(throws: KeyCustodyError.missing(location: .dataDirectory(joining.dataDirectory + "/master-key"))) {
            try await TestNode.with(configuration: joining) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: joining.dataDirectory + "/master-key"), "no key is made for a sealed database")
        joining.masterKey = MasterKey.generate().text
        do {
            try await TestNode.with(configuration: joining) { _ in }
            Issue.record("a node with the wrong master key started")
        } catch let error as KeyCustodyError {
            #expect("\(error)".contains("does not open this database's keys"))
        }
        joining.masterKey = try String(contentsOfFile: first.dataDirectory + "/master-key", encoding: .utf8)
        joining.publicURL = "http://other.test"
        let joinedOrigin = try await TestNode.with(configuration: joining) { $0.node.checkpoints.signer.name }
        #expect(joinedOrigin == origin, "every node signs one log under the first node's origin")
    }

    /// A data directory from before the master key (a `log-key` file in clear) keeps its log:
    /// the key is imported into the database on the first start.
    @Test(arguments: Database.Engine.allCases) func aLegacyLogKeyFileIsImported(engine: Database.Engine) async throws {
        let configuration = try await TestNode.configuration(demo: false, engine: engine)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let legacy = try NoteSigner(name: "legacy.example/log")
        try Data((legacy.encoded + "\n").utf8).write(to: URL(fileURLWithPath: LogSigningKey.legacyFile(in: configuration.dataDirectory)))
        let name = try await TestNode.with(configuration: configuration) { $0.node.checkpoints.signer.verifier }
        #expect(name == legacy.verifier)
    }

    static func run(_ database: Database, _ query: SQLQueryString) async throws {
        try await database.withConnection { try await $0.raw(query).run() }
    }

    static func entries(_ node: TestNode, size: UInt64) async throws -> [[UInt8]] {
        try await node.logEntries(size: size).map { Array($0.utf8) }
    }

    static func hashes(_ proof: JSONValue) -> [MerkleHash.Value] {
        (proof["hashes"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { Data(base64Encoded: $0) }.map(Array.init) }
    }
}
