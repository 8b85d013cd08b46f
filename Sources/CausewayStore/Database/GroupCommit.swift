import SQLKit

/// Writes many callers' small inserts in one transaction (group commit), each in its own
/// savepoint, so one caller's conflict fails that caller alone.
///
/// Invariant: at most one batch is in the database at a time. Callers who arrive while it is
/// written queue up and go together in the next batch, so the batch grows with the load by
/// itself: one caller alone waits for nothing, thirty-two harvesting in parallel share one
/// transaction, one revision, one commit and (for the catalogue) one index refresh. Nothing
/// is held back to fill a batch.
///
/// The batch's `prologue` runs first, once (a revision bump), and its result is handed to
/// every item's `write` and returned to its caller. A batch in which every item fails is
/// rolled back, prologue included, so a burst of refused writes moves no revision.
///
/// Threading: an actor; the transaction runs on the database's own writer (see ``Database``).
actor GroupCommit<Item: Sendable> {
    typealias Prologue = @Sendable (any SQLDatabase) async throws -> Int64
    typealias Write = @Sendable (Item, Int64, any SQLDatabase) async throws -> Void

    private let database: Database
    private let prologue: Prologue
    private let write: Write
    private var pending: [(item: Item, caller: CheckedContinuation<Int64, any Error>)] = []
    private var writing = false

    init(database: Database, prologue: @escaping Prologue, write: @escaping Write) {
        self.database = database
        self.prologue = prologue
        self.write = write
    }

    /// Writes `item` with the next batch and returns the prologue's result once it committed.
    func submit(_ item: Item) async throws -> Int64 {
        try await withCheckedThrowingContinuation { caller in
            pending.append((item, caller))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let outcomes = await commit(batch.map(\.item))
            for (entry, outcome) in zip(batch, outcomes) { entry.caller.resume(with: outcome) }
        }
        writing = false
    }

    /// One outcome per item, in order.
    private func commit(_ items: [Item]) async -> [Result<Int64, any Error>] {
        let (prologue, write) = (self.prologue, self.write)
        do {
            return try await database.transaction { connection in
                let token = try await prologue(connection)
                var outcomes: [Result<Int64, any Error>] = []
                for item in items {
                    try await connection.raw("SAVEPOINT group_commit").run()
                    do {
                        try await write(item, token, connection)
                        try await connection.raw("RELEASE SAVEPOINT group_commit").run()
                        outcomes.append(.success(token))
                    } catch {
                        try await connection.raw("ROLLBACK TO SAVEPOINT group_commit").run()
                        try await connection.raw("RELEASE SAVEPOINT group_commit").run()
                        outcomes.append(.failure(error))
                    }
                }
                if !outcomes.contains(where: { if case .success = $0 { true } else { false } }) {
                    throw EveryWriteFailed(outcomes: outcomes)
                }
                return outcomes
            }
        } catch let failed as EveryWriteFailed {
            return failed.outcomes
        } catch {
            return items.map { _ in .failure(error) }
        }
    }

    /// Rolls back a batch none of whose writes succeeded, carrying each one's own error out.
    private struct EveryWriteFailed: Error {
        let outcomes: [Result<Int64, any Error>]
    }
}
