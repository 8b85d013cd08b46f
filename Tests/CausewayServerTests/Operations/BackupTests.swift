import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import Synchronization
import Testing

/// Backups that restore: an online copy holds every call acknowledged before it began, its log
/// verifies, and a node refuses to serve a restored log older than one it has published.
@Suite("Backups")
struct BackupTests {
    @Test func anOnlineBackupHoldsEverythingAcknowledgedBeforeItBegan() async throws {
        try await TestNode.with { node in
            try await ExchangeTests.load(node)
            let token = try await ExchangeTests.accessToken(node)
            let acknowledged = Mutex<[(index: Int, at: ContinuousClock.Instant)]>([])
            let load = Task {
                while !Task.isCancelled {
                    let answer = try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token)
                    if let index = answer.headers[ExchangeHeaders.auditIndex].flatMap(Int.init) {
                        acknowledged.withLock { $0.append((index, ContinuousClock.now)) }
                    }
                }
            }
            while acknowledged.withLock({ $0.count }) < 50 { try await Task.sleep(for: .milliseconds(5)) }
            let file = node.node.configuration.dataDirectory + "/backup-\(UUID().uuidString).sqlite"
            let began = ContinuousClock.now
            try await node.node.database.backup(to: file)
            while acknowledged.withLock({ $0.last?.at ?? began }) <= began { try await Task.sleep(for: .milliseconds(5)) }
            load.cancel()
            _ = try? await load.value
            let before = acknowledged.withLock { $0.filter { $0.at < began }.map(\.index) }
            #expect(before.count >= 50)

            let copy = try await Database.open(.sqlite(path: file), logger: TestNode.logger)
            do {
                #expect(try await copy.integrityProblems().isEmpty)
                let log = TransparencyLog(database: copy)
                let size = try await log.reader.head().size
                #expect(before.allSatisfy { UInt64($0) < size }, "every call acknowledged before the backup is in it")
                let report = try await LogAuditor(log: log, verifier: node.node.checkpoints.signer.verifier).verify()
                #expect(report.problems.isEmpty, "\(report.problems)")
                try await Database.backup(copy)
            } catch {
                await copy.shutdown()
                throw error
            }
            await copy.shutdown()
        }
    }

    /// A node that published a checkpoint refuses a restored database older than it, and takes
    /// one at least as new.
    @Test func aNodeRefusesToServeALogOlderThanItPublished() async throws {
        let configuration = try await TestNode.configuration(demo: true)
        let path = configuration.dataDirectory + "/causeway.sqlite"
        let older = configuration.dataDirectory + "/older.sqlite"
        let newer = configuration.dataDirectory + "/newer.sqlite"
        try await TestNode.with(configuration: configuration) { node in
            try await node.node.checkpoints.publish()
            try await node.node.database.backup(to: older)
            try await ExchangeTests.load(node)
            let token = try await ExchangeTests.accessToken(node)
            for _ in 0..<5 { _ = try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: token) }
            try await node.node.checkpoints.publish()
            try await node.node.database.backup(to: newer)
        }
        try Self.restore(older, to: path)
        await #expect(throws: CheckpointPublisher.RolledBack.self) {
            try await TestNode.with(configuration: configuration) { _ in }
        }
        try Self.restore(newer, to: path)
        try await TestNode.with(configuration: configuration) { node in
            let ready = try await node.request(.get, "/readyz")
            #expect(ready.status == .ok)
        }
    }

    /// What `causeway admin restore` does once it has checked the file.
    static func restore(_ backup: String, to path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: path)
    }
}

extension Database {
    /// A backup of a backup is refused while the target exists: a check that `backup` never
    /// overwrites a file.
    static func backup(_ database: Database) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-\(UUID().uuidString).sqlite").path
        try await database.backup(to: file)
        await #expect(throws: StoreError.self) { try await database.backup(to: file) }
        try? FileManager.default.removeItem(atPath: file)
    }
}
