import CausewayCore
import CausewayStore
import Crypto
import Foundation

/// Reads a spooled upload, checks it against the schema and writes the good rows, in one
/// pass with memory bounded by one batch. When the first error is found it stops writing but
/// reads on, so the report counts every error in the file; then it throws, and the
/// transaction around it leaves the table as it was.
struct IngestPipeline {
    let schema: TableSchema
    let dialect: CSVDialect
    let format: UploadFormat
    let chunkSize = 1 << 20
    /// Called after every batch, with the counters so far.
    let progress: @Sendable (Counters) -> Void

    struct Counters: Sendable {
        var rowsRead = 0
        var rowsWritten = 0
        var errorCount = 0
        var errors: [TableError] = []
        var byteSize = 0
        var sha256 = ""
    }

    /// The upload failed validation; the counters say why.
    struct Rejected: Error {
        var counters: Counters
    }

    func run(path: String, writer: HostedTableWriter) async throws -> Counters {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problem(.internalServerError, code: "upload.spool", title: "The upload could not be read",
                          detail: "The spooled upload is missing from the data directory.")
        }
        defer { try? handle.close() }
        var loader = RowLoader(schema: schema, writer: writer)
        var counters = Counters()

        var csv = CSVReader(dialect: dialect)
        var header = format == .csv && dialect.hasHeader
        var lines = LineReader()
        var hasher = SHA256()
        do {
            while true {
                let chunk = try handle.read(upToCount: chunkSize) ?? Data()
                let done = chunk.isEmpty
                hasher.update(data: chunk)
                counters.byteSize += chunk.count
                try chunk.withUnsafeBytes { bytes in
                    switch format {
                    case .csv:
                        let body: ([String]) throws -> Void = { record in
                            if header {
                                header = false
                                loader.validator.header(record)
                            } else {
                                loader.accept(loader.validator.row(record))
                            }
                        }
                        if done { try csv.finish(body) } else { try csv.read(bytes, body) }
                    case .jsonl:
                        let body: (Data, Int) throws -> Void = { line, number in
                            loader.accept(JSONLinesRecord.check(line, number: number, validator: &loader.validator))
                        }
                        if done { try lines.finish(body) } else { try lines.read(bytes, body) }
                    }
                }
                if loader.isBatchFull || done {
                    try await loader.flush()
                    counters.rowsRead = loader.rowsRead
                    counters.rowsWritten = loader.rowsWritten
                    counters.errorCount = loader.validator.errorCount
                    progress(counters)
                }
                if done { break }
            }
        } catch let failure as CSVReader.Failure {
            switch failure {
            case .invalidEncoding(let record):
                loader.validator.sourceError("encoding-error", row: record, message: "Row \(record) is not valid UTF-8; save the file as UTF-8.")
            case .recordTooLong(let record, let limit):
                loader.validator.sourceError("source-error", row: record, message: "Row \(record) is longer than \(limit) bytes.")
            }
        } catch {
            await loader.abandon()
            throw error
        }
        try await loader.finish()
        counters.rowsWritten = loader.rowsWritten
        counters.rowsRead = loader.rowsRead
        counters.errorCount = loader.validator.errorCount
        counters.errors = loader.validator.errors
        counters.sha256 = Hex.string(hasher.finalize())
        progress(counters)
        if !loader.validator.isValid { throw Rejected(counters: counters) }
        return counters
    }
}

/// Splits JSON Lines input into lines without holding more than one line.
struct LineReader {
    private var line = Data()
    private var number = 0
    let maxLineBytes = CSVReader.defaultMaxRecordBytes

    mutating func read(_ bytes: UnsafeRawBufferPointer, _ body: (Data, Int) throws -> Void) throws {
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            line.append(contentsOf: bytes[start..<index])
            start = index + 1
            try emit(body)
        }
        line.append(contentsOf: bytes[start...])
        if line.count > maxLineBytes { throw CSVReader.Failure.recordTooLong(record: number + 1, limit: maxLineBytes) }
    }

    mutating func finish(_ body: (Data, Int) throws -> Void) throws {
        if !line.isEmpty { try emit(body) }
    }

    private mutating func emit(_ body: (Data, Int) throws -> Void) throws {
        number += 1
        if line.count > maxLineBytes { throw CSVReader.Failure.recordTooLong(record: number, limit: maxLineBytes) }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        defer { line.removeAll(keepingCapacity: true) }
        // Blank lines between records are not records.
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
        try body(line, number)
    }
}

/// Reads one JSON Lines record into cells the validator checks like CSV cells.
enum JSONLinesRecord {
    static func check(_ line: Data, number: Int, validator: inout TableValidator) -> [CellValue]? {
        guard let object = try? JSONSerialization.jsonObject(with: line, options: []) as? [String: Any] else {
            validator.sourceError("source-error", row: number, message: "Line \(number) is not a JSON object.")
            return nil
        }
        var cells: [String: String?] = [:]
        for (key, value) in object {
            cells[key] = text(value)
        }
        return validator.record(cells)
    }

    /// A JSON value as the text a CSV cell would hold: null is no value.
    private static func text(_ value: Any) -> String? {
        switch value {
        case is NSNull: return nil
        case let string as String: return string
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumber of ObjC type "c" (char).
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default:
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
