import CausewayCore
import CausewayStore

/// Feeds checked rows to a table writer in batches. Once the validator has seen an error the
/// loader stops writing (the upload will be rolled back) but keeps counting, so the report
/// has every error; a key the table already holds (append mode) becomes an error too.
///
/// Writing overlaps checking: a full batch goes to the writer in its own task while the
/// caller reads and checks the next one, so parsing and the database use two cores. At most
/// one write is in flight — the next batch waits for it — which keeps memory to two batches
/// and the writer used by one task at a time.
struct RowLoader {
    var validator: TableValidator
    let writer: HostedTableWriter
    private(set) var rowsRead = 0
    /// Rows the writer has written, counted as its writes complete.
    private(set) var rowsWritten = 0
    private var batch: [[CellValue]] = []
    private var batchRows: [Int] = []
    private var inFlight: (task: Task<[Int], any Error>, rows: [Int])?

    init(schema: TableSchema, writer: HostedTableWriter) {
        self.validator = TableValidator(schema: schema)
        self.writer = writer
        batch.reserveCapacity(writer.batchSize)
    }

    var isBatchFull: Bool { batch.count >= writer.batchSize }

    /// Takes one row's values as the validator returned them (nil: the row had errors).
    mutating func accept(_ values: [CellValue]?) {
        rowsRead += 1
        guard validator.isValid, let values else { return }
        batch.append(values)
        batchRows.append(validator.rowNumber)
    }

    /// Hands the batch to the writer once the previous write has completed.
    mutating func flush() async throws {
        try await settle()
        defer {
            batch = []
            batch.reserveCapacity(writer.batchSize)
            batchRows = []
        }
        guard validator.isValid, !batch.isEmpty else { return }
        let rows = batch
        let writer = self.writer
        inFlight = (Task { try await writer.write(rows) }, batchRows)
    }

    /// Writes what is left and waits for every write: call it before the transaction ends.
    mutating func finish() async throws {
        try await flush()
        try await settle()
    }

    /// Waits for a write still in flight, ignoring its outcome: the upload is failing anyway,
    /// and its transaction must not end while the writer still uses the connection.
    mutating func abandon() async {
        guard let (task, _) = inFlight else { return }
        inFlight = nil
        _ = try? await task.value
    }

    private mutating func settle() async throws {
        guard let (task, rows) = inFlight else { return }
        inFlight = nil
        let conflicts = try await task.value
        rowsWritten += rows.count - conflicts.count
        for index in conflicts {
            validator.sourceError("primary-key", row: rows[index],
                                  message: "Row \(rows[index]) has a primary key that is already in the table; use mode=upsert to replace it.")
        }
    }
}
