import Synchronization

/// ``DirectSQLite`` connections to one file, each lent to one holder at a time. Opened on
/// first need and kept; a holder runs its statements on its own thread without waiting for
/// any other, so only work known to be short belongs here (a key lookup, the log writer's
/// batch), never a scan: that would hold up the thread's other tasks.
final class DirectSQLitePool: Sendable {
    let path: String
    let durability: Database.SQLiteDurability
    /// Idle connections kept; more holders at once open more, closed when they come back.
    static let kept = 8
    private let idle = Mutex<[DirectSQLite]>([])
    private let open = Mutex(true)

    init(path: String, durability: Database.SQLiteDurability) {
        self.path = path
        self.durability = durability
    }

    func with<T>(_ body: (DirectSQLite) async throws -> T) async throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? DirectSQLite(path: path, durability: durability)
        defer { give(back: connection) }
        return try await body(connection)
    }

    private func give(back connection: DirectSQLite) {
        let kept = open.withLock { open in open ? idle.withLock { idle in
            guard idle.count < Self.kept else { return false }
            idle.append(connection)
            return true
        } : false }
        if !kept { connection.close() }
    }

    func shutdown() {
        open.withLock { $0 = false }
        for connection in idle.withLock({ idle in defer { idle = [] }; return idle }) { connection.close() }
    }
}
