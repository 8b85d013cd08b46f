import CausewayStore
import Logging
import ServiceLifecycle

/// Copies SQLite's write-ahead log into the database file once a second, so that no commit
/// has to (see ``Database/checkpointNow()``). A passive checkpoint waits for no reader and blocks
/// no writer; with PostgreSQL it does nothing.
struct CheckpointService: Service {
    let database: Database
    let logger: Logger

    func run() async throws {
        guard database.engine == .sqlite else { return }
        await Polling.every(.seconds(1), logger: logger, failure: "checkpoint failed") { await database.checkpointNow() }
    }
}
