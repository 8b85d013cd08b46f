import CausewayStore
import Logging
import ServiceLifecycle

/// Lets this node notice uploads made through other nodes sharing the database, once a second,
/// as ``CatalogService`` does for the catalogue.
struct HostedDataWatcher: Service {
    let data: HostedDataRepository
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await data.noticeChanges()
            } catch {
                logger.warning("hosted data revision check failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
