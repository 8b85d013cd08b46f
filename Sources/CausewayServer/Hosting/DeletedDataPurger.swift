import CausewayStore
import Foundation
import Logging
import ServiceLifecycle

/// Once an hour (and at start), purges the hosted data of datasets deleted more than the
/// retention period ago (``DeletedDataPurge``): deleted means deleted, after a grace period in
/// which a mistaken deletion can still be undone from the database. Every node may run it;
/// each dataset is purged once.
struct DeletedDataPurger: Service {
    let purge: DeletedDataPurge
    let retention: Duration
    let logger: Logger
    let clock: @Sendable () -> Date
    var interval: Duration = .seconds(3_600)

    /// One round, at `now`.
    @discardableResult
    func run(now: Date) async throws -> [DeletedDataPurge.Purged] {
        let cutoff = now.addingTimeInterval(-Double(retention.components.seconds))
        let purged = try await purge.purge(deletedBefore: cutoff, at: now)
        for one in purged {
            logger.notice("purged a deleted dataset's data", metadata: [
                "dataset": "\(one.dataset)", "tables": "\(one.tables)", "rows": "\(one.rows)"])
        }
        return purged
    }

    func run() async throws {
        await Polling.every(interval, logger: logger, failure: "purging deleted data failed") { try await run(now: clock()) }
    }
}
