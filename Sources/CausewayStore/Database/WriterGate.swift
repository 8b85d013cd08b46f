import Foundation
import Synchronization

/// Lets one SQLite transaction at a time into the database, in arrival order.
///
/// SQLite has one writer. Left to itself, a second writer blocks inside `sqlite3_step` on the
/// busy timeout, occupying one of the few threads of NIO's blocking pool; with as many
/// waiting writers as threads, the writer that holds the lock cannot get a thread to commit
/// and everything stalls until the timeouts fire. Queueing writers here, where waiting costs
/// no thread, avoids that. (Other processes on the same file still meet SQLite's busy timeout.)
///
/// One gate per file, not per ``Database``: two databases opened on one file in one process
/// (nodes started side by side, as the multi-node tests do) share NIO's blocking threads, so
/// with a gate each they could again block each other's writers inside SQLite.
actor WriterGate {
    private static let gates = Mutex<[String: WriterGate]>([:])

    /// The gate of the SQLite file at `path`, the same for every spelling of that path.
    static func shared(for path: String) -> WriterGate {
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return gates.withLock { gates in
            if let gate = gates[key] { return gate }
            let gate = WriterGate()
            gates[key] = gate
            return gate
        }
    }

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

    /// Runs `body` as the file's only writer. Only entering and leaving touch the gate;
    /// `body` runs where its caller runs (the log writer keeps to its own thread).
    nonisolated func run<T>(_ body: () async throws -> T) async throws -> T {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }
}
