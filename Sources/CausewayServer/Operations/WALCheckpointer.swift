import CausewayStore
import Logging
import ServiceLifecycle

/// Copies SQLite's write-ahead log into the database file once a second, so that no commit
/// has to (see ``Database/checkpointNow()``). A passive checkpoint waits for no reader and blocks
/// no writer. Not to be confused with the transparency log's signed checkpoints
/// (``CheckpointPublisher``): this one is storage housekeeping.
///
/// SQLite only: a node on PostgreSQL does not run it (the service group takes a service that
/// returns for one that failed, and stops the node).
struct WALCheckpointer: Service {
    let database: Database
    let logger: Logger

    func run() async throws {
        await Polling.every(.seconds(1), logger: logger, failure: "WAL checkpoint failed") { await database.checkpointNow() }
    }
}
