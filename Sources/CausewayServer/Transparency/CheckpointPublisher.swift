import CausewayCore
import CausewayStore
import Foundation
import Logging
import ServiceLifecycle

/// Signs a checkpoint whenever the tree has grown, once a second: the node's public
/// commitment to its log, kept in history so a monitor can ask for consistency between any
/// two. Signing the same size twice (two nodes, one key) gives the same note, stored once.
public final class CheckpointPublisher: Service, Sendable {
    let log: TransparencyLogStore
    let signer: NoteSigner
    let logger: Logger
    let interval: Duration

    init(log: TransparencyLogStore, signer: NoteSigner, logger: Logger, interval: Duration = .seconds(1)) {
        self.log = log
        self.signer = signer
        self.logger = logger
        self.interval = interval
    }

    /// The node's key is not the one the log's checkpoints were signed with: another node (or
    /// an earlier installation) signed them, and this node would sign a conflicting history.
    public struct ForeignKey: Error, CustomStringConvertible {
        public var description: String
    }

    /// Checks, before the node signs anything, that the newest stored checkpoint was signed
    /// with this node's key: nodes sharing a database must share `log-key`.
    func checkKey() async throws {
        guard let latest = try await log.latestCheckpoint() else { return }
        do {
            _ = try Checkpoint.open(latest.note, verifier: signer.verifier)
        } catch {
            throw ForeignKey(description: """
                the transparency log's checkpoints were not signed with this node's key (\(signer.verifier.encoded)); \
                copy log-key from the data directory of the node that signed them
                """)
        }
    }

    /// Signs the current tree if no checkpoint covers it yet; returns the newest checkpoint.
    @discardableResult
    public func publish(now: Date = Date()) async throws -> TransparencyLogStore.StoredCheckpoint {
        let head = try await log.head()
        if let latest = try await log.latestCheckpoint(), latest.size >= head.size { return latest }
        let note = try signer.sign(Checkpoint(origin: signer.name, size: head.size, root: head.root).text)
        try await log.store(checkpoint: note, size: head.size, at: now)
        return try await log.latestCheckpoint() ?? .init(size: head.size, note: note, signedAt: now)
    }

    public func run() async throws {
        await Polling.every(interval, logger: logger, failure: "checkpoint signing failed; will retry") { try await publish() }
    }
}
