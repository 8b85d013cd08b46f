/// Lets one SQLite transaction at a time into the database, in arrival order.
///
/// SQLite has one writer. Left to itself, a second writer blocks inside `sqlite3_step` on the
/// busy timeout, occupying one of the few threads of NIO's blocking pool; with as many
/// waiting writers as threads, the writer that holds the lock cannot get a thread to commit
/// and everything stalls until the timeouts fire. Queueing writers here, where waiting costs
/// no thread, avoids that. (Other processes on the same file still meet SQLite's busy timeout.)
actor WriterGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await enter()
        do {
            let result = try await body()
            leave()
            return result
        } catch {
            leave()
            throw error
        }
    }
}
