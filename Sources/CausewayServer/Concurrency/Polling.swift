import Logging
import ServiceLifecycle

/// The loop behind every "notice what other nodes changed" service: run `step`, log a failure
/// without stopping (the database may be briefly away), wait, repeat until shutdown. With a
/// `doorbell` the wait ends early when it rings (another node's change, announced by the
/// database); the interval stays as the safety net for a missed announcement.
enum Polling {
    static func every(_ interval: Duration, doorbell: Doorbell? = nil, logger: Logger, failure message: Logger.Message,
                      _ step: @Sendable () async throws -> Void) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await step()
            } catch where !Task.isShuttingDownGracefully && !Task.isCancelled {
                logger.warning(message, metadata: ["error": "\(error)"])
            } catch {
                // Stopping: a step cut short by the shutdown is not a failure to report.
            }
            // The wait ends at once when the node starts shutting down: the service group stops
            // its services one after another, and a second's sleep each would add up.
            try? await cancelWhenGracefulShutdown {
                if let doorbell {
                    await doorbell.wait(atMost: interval)
                } else {
                    try await Task.sleep(for: interval)
                }
            }
        }
    }
}
