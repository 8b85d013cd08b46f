import CausewayCore
import CausewayStore
import Foundation
import Logging
import ServiceLifecycle

/// Signs a checkpoint whenever the tree has grown, once a second: the node's public
/// commitment to its log, kept in history so a monitor can ask for consistency between any
/// two. Signing the same size twice (two nodes, one key) gives the same note, stored once.
public final class CheckpointPublisher: Service, Sendable {
    let log: LogReader
    let store: CheckpointStore
    let signer: NoteSigner
    let logger: Logger
    let interval: Duration
    /// Where this node remembers the newest checkpoint it has published, outside the database
    /// (`<data dir>/published-checkpoint`): the witness that a database restored from an older
    /// copy would break the log's promise (nil: not remembered, in tests that need no file).
    let memory: String?
    let clock: @Sendable () -> Date

    init(log: LogReader, store: CheckpointStore, signer: NoteSigner, logger: Logger, interval: Duration = .seconds(1), memory: String? = nil,
         clock: @escaping @Sendable () -> Date) {
        self.clock = clock
        self.log = log
        self.store = store
        self.signer = signer
        self.logger = logger
        self.interval = interval
        self.memory = memory
    }

    /// The database is older than a checkpoint this node already published: serving from it
    /// would show the world a log with entries missing (a rollback) or different (a fork).
    public struct RolledBack: Error, CustomStringConvertible {
        public var verdict: LogWatch.Verdict
        public var description: String {
            "the database's transparency log is \(verdict) against the checkpoint this node last published: "
                + "it was restored from an older copy or changed; serving it would fork the public log. Restore a backup "
                + "taken after that checkpoint (docs/operations.md § Backups), or give the node its current database"
        }
    }

    /// Checks, before the node serves, that its log still holds everything it has published.
    func checkNotRolledBack() async throws {
        guard let memory, let text = try? String(contentsOfFile: memory, encoding: .utf8),
              let published = try? Checkpoint.open(text, verifier: signer.verifier) else { return }
        let head = try await log.head()
        let current = Checkpoint(origin: signer.name, size: head.size, root: head.root)
        var proof: [MerkleHash.Value] = []
        if let needed = LogWatch.proofNeeded(previous: published, current: current) {
            proof = try await log.consistencyProof(from: needed.from, to: needed.to)
        }
        let verdict = LogWatch.judge(previous: published, current: current, proof: proof)
        if verdict.isAlarm { throw RolledBack(verdict: verdict) }
    }

    /// The node's key is not the one the log's checkpoints were signed with: another node (or
    /// an earlier installation) signed them, and this node would sign a conflicting history.
    public struct ForeignKey: Error, CustomStringConvertible {
        public var description: String
    }

    /// Checks, before the node signs anything, that the newest stored checkpoint was signed
    /// with this node's key: nodes sharing a database must share `log-key`.
    func checkKey() async throws {
        guard let latest = try await store.latest() else { return }
        do {
            _ = try Checkpoint.open(latest.note, verifier: signer.verifier)
        } catch {
            throw ForeignKey(description: """
                the transparency log's checkpoints were not signed with this node's key (\(signer.verifier.encoded)); \
                copy log-key from the data directory of the node that signed them
                """)
        }
    }

    /// The newest checkpoint any node of the deployment has published.
    public func latest() async throws -> CheckpointStore.StoredCheckpoint? {
        try await store.latest()
    }

    /// Signs the current tree if no checkpoint covers it yet; returns the newest checkpoint.
    @discardableResult
    public func publish() async throws -> CheckpointStore.StoredCheckpoint {
        let now = clock()
        let head = try await log.head()
        if let latest = try await store.latest(), latest.size >= head.size { return latest }
        let note = try signer.sign(Checkpoint(origin: signer.name, size: head.size, root: head.root).text)
        try await store.save(note, size: head.size, at: now)
        if let memory {
            try Data(note.utf8).write(to: URL(fileURLWithPath: memory), options: .atomic)
        }
        return try await store.latest() ?? .init(size: head.size, note: note, signedAt: now)
    }

    public func run() async throws {
        await Polling.every(interval, logger: logger, failure: "checkpoint signing failed; will retry") { try await publish() }
    }
}
