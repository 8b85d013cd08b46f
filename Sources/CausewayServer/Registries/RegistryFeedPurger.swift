import CausewayStore
import Foundation
import Logging
import ServiceLifecycle

/// Once an hour (and at start), trims every registry's feed of the events recorded more than
/// the retention ago, never the newest (``RegistryRepository/purgeEvents(recordedBefore:)``).
/// Every node may run it; a trimmed event is gone once.
struct RegistryFeedPurger: Service {
    let repository: RegistryRepository
    let retention: Duration
    let logger: Logger
    let clock: @Sendable () -> Date
    var interval: Duration = .seconds(3_600)

    /// One round, at `now`; returns how many events went.
    @discardableResult
    func run(now: Date) async throws -> Int {
        let purged = try await repository.purgeEvents(recordedBefore: now.addingTimeInterval(-Double(retention.components.seconds)))
        if purged > 0 { logger.notice("trimmed registry feeds", metadata: ["events": "\(purged)"]) }
        return purged
    }

    func run() async throws {
        await Polling.every(interval, logger: logger, failure: "trimming registry feeds failed") { try await run(now: clock()) }
    }
}
