import Logging
import ServiceLifecycle

/// The loop behind every "notice what other nodes changed" service: run `step`, log a failure
/// without stopping (the database may be briefly away), wait, repeat until shutdown.
enum Polling {
    static func every(_ interval: Duration, logger: Logger, failure message: Logger.Message,
                      _ step: @Sendable () async throws -> Void) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await step()
            } catch {
                logger.warning(message, metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
