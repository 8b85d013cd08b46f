extension Database {
    /// Runs `body` on one pooled connection with the hosted-table fast path (see ``TableSession``).
    func withSession<T: Sendable>(_ body: @Sendable (TableSession) async throws -> T) async throws -> T {
        try await pool.lease { try await body(TableSession(connection: $0, engine: engine)) }
    }

    /// ``transaction(_:)`` with the hosted-table fast path.
    ///
    /// A `bulk` transaction on SQLite (an upload of possibly millions of rows) uses a larger page
    /// cache, and its write-ahead log is copied into the database file right after it commits,
    /// in the background, on another connection (``checkpointInBackground()``).
    func sessionTransaction<T: Sendable>(bulk: Bool = false, _ body: @Sendable (TableSession) async throws -> T) async throws -> T {
        let sqliteBulk = bulk && engine == .sqlite
        guard let writerGate else {
            return try await leasedTransaction(sqliteBulk: sqliteBulk) { try await body(TableSession(connection: $0, engine: engine)) }
        }
        return try await writerGate.run {
            try await self.leasedTransaction(sqliteBulk: sqliteBulk) { try await body(TableSession(connection: $0, engine: self.engine)) }
        }
    }
}
