import CausewayStore
import Logging
import ServiceLifecycle

/// Wakes this node's refresh loops as soon as PostgreSQL announces that a revision they watch
/// was bumped, by this node or another one sharing the database, so that a suspension, a
/// revocation, a new secret or a catalogue write made anywhere applies everywhere in
/// milliseconds rather than at the next once-a-second poll.
///
/// The polls stay as the safety net: a notification sent while this node was reconnecting is
/// lost, so every (re)connection rings every bell once. Runs only on PostgreSQL; nodes sharing a
/// SQLite file rely on the polls alone.
struct RevisionWatcher: Service {
    let database: Database
    /// The doorbells to ring for each revision name.
    let bells: [String: [Doorbell]]
    let logger: Logger
    var retryDelay: Duration = .seconds(1)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await database.listen(on: Database.revisionChannel, ready: ringAll) { name in
                        for bell in bells[name] ?? [] { bell.ring() }
                    }
                } catch where !Task.isCancelled {
                    logger.warning("lost the change notifications; polling until they are back", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: retryDelay)
            }
        }
    }

    private func ringAll() {
        for bell in bells.values.joined() { bell.ring() }
    }
}
