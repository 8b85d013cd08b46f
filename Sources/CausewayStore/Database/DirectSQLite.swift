import Foundation
// SQLiteNIO's own copy of SQLite, not a second library: two SQLite libraries in one process
// would each keep their own table of POSIX locks, and one's close would drop the other's locks.
import VaporCSQLite

/// A SQLite connection called synchronously, on whichever thread holds it, with its statements
/// prepared once and kept.
///
/// Why it exists: SQLiteNIO runs each statement on its thread pool and answers on an event
/// loop — three thread wake-ups and a fresh `prepare` per statement. The transparency log's
/// writer runs eight statements per commit, and a gateway key lookup one; measured in the
/// gateway benchmark, the switches and parsing cost more than the statements. Used only where
/// that matters: the log writer on its own thread, and short reads (see ``DirectSQLitePool``).
///
/// Not thread-safe by itself: one holder at a time, which ``DirectSQLitePool`` guarantees.
final class DirectSQLite: @unchecked Sendable {
    // @unchecked: the handle and statement cache are used by one holder at a time; the pool
    // hands a connection out under its lock and takes it back the same way.
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Distinct statement texts kept prepared; hosted-data queries vary with their filters.
    static let cachedStatements = 256

    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var description: String { "SQLite error \(code): \(message)" }
    }

    /// Opens `path` with the node's connection settings (``SQLiteTunedSource``).
    init(path: String, durability: Database.SQLiteDurability) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            sqlite_nio_sqlite3_close(handle)
            handle = nil
            throw Failure(code: status, message: message)
        }
        do {
            for pragma in SQLiteTunedSource.pragmas(durability) { _ = try rows(pragma) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite_nio_sqlite3_close(handle) }
        handle = nil
    }

    /// Runs one statement and returns every row it produced, each value in its storage class.
    @discardableResult
    func rows(_ sql: String, _ binds: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepared(sql)
        // Not `clear_bindings`: it marks a statement whose plan looked at a bound value (a
        // LIMIT, say) as expired, and every next run would parse it again. Every parameter is
        // bound on every run instead, which the count check makes sure of.
        defer { sqlite_nio_sqlite3_reset(statement) }
        guard sqlite_nio_sqlite3_bind_parameter_count(statement) == Int32(binds.count) else {
            throw Failure(code: SQLITE_RANGE, message: "\(binds.count) values for \(sqlite_nio_sqlite3_bind_parameter_count(statement)) parameters")
        }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), in: statement))
        }
        var result: [[SQLValue]] = []
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return result }
            guard status == SQLITE_ROW else { throw failure(status) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            result.append((0..<count).map { column(at: $0, in: statement) })
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let handle else { throw Failure(code: SQLITE_MISUSE, message: "connection closed") }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        if statements.count >= Self.cachedStatements {
            for old in statements.values { sqlite_nio_sqlite3_finalize(old) }
            statements = [:]
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        case .integer(let number):
            return sqlite_nio_sqlite3_bind_int64(statement, index, number)
        case .real(let number):
            return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(let text):
            var text = text
            return text.withUTF8 { bytes in
                sqlite_nio_sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                             Int32(bytes.count), Self.transient)
            }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { raw in
                sqlite_nio_sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), Self.transient)
            }
        }
    }

    private func column(at index: Int32, in statement: OpaquePointer) -> SQLValue {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite_nio_sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .real(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite_nio_sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else { throw failure(status) }
    }

    private func failure(_ status: Int32) -> Failure {
        Failure(code: status, message: handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "")
    }

    /// SQLite copies a bound value before the bind call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
