import CausewayCore
import CausewayStore

/// Feeds checked rows to a table writer in batches. Once the validator has seen an error the
/// loader stops writing (the upload will be rolled back) but keeps counting, so the report
/// has every error; a key the table already holds (append mode) becomes an error too.
struct RowLoader {
    var validator: TableValidator
    let writer: HostedTableWriter
    private(set) var rowsRead = 0
    private var batch: [[CellValue]] = []
    private var batchRows: [Int] = []

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

    mutating func flush() async throws {
        defer {
            batch.removeAll(keepingCapacity: true)
            batchRows.removeAll(keepingCapacity: true)
        }
        guard validator.isValid, !batch.isEmpty else { return }
        for index in try await writer.write(batch) {
            validator.sourceError("primary-key", row: batchRows[index],
                                  message: "Row \(batchRows[index]) has a primary key that is already in the table; use mode=upsert to replace it.")
        }
    }
}
