import CausewayStore
import Logging
import ServiceLifecycle

/// Lets this node notice uploads made through other nodes sharing the database, once a second,
/// as ``CatalogService`` does for the catalogue.
struct HostedDataWatcher: Service {
    let data: HostedDataRepository
    let logger: Logger
    var interval: Duration = .seconds(1)
    /// Rung when another node uploads (see ``RevisionWatcher``).
    let changes = Doorbell()

    func run() async throws {
        await Polling.every(interval, doorbell: changes, logger: logger, failure: "hosted data revision check failed") { try await data.noticeChanges() }
    }
}
