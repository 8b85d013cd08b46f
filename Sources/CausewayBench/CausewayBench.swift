import ArgumentParser
import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import Logging
import SQLKit
import SQLiteKit
import Synchronization

/// Benchmarks of parts that have no HTTP front to drive with wrk. Run by the scripts under
/// `bench/`, which report the numbers; not part of the product.
@main
struct CausewayBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "causeway-bench", abstract: "Causeway's component benchmarks (see bench/).", subcommands: [LogBench.self, ProxyBench.self, FeedBench.self, TempIDBench.self, NoiseBench.self, DiceBench.self, LinkageScaleBench.self])
}

/// `causeway-bench log`: the transparency log's appends against plain batched INSERTs of the
/// same rows (the baseline, same run, same disk), then proof latency at the final size and
/// storage per entry. Prints one JSON object.
struct LogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log")

    @Option(help: "Work directory (two SQLite files are made in it).") var dir: String
    @Option(help: "Entries appended through the group-commit writer, and inserted by the baseline.") var entries = 1_000_000
    @Option(help: "Entries the log is grown to (with plain batched appends) before proofs are timed.") var total = 10_000_000
    @Option(help: "Entries per commit.") var batch = 1_000
    @Option(help: "Appenders waiting at once (gateway calls in flight).") var concurrency = 4_096
    @Option(help: "Proofs of each kind timed.") var proofs = 20_000

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        var result: [String: Any] = ["entries": entries, "batch": batch, "concurrency": concurrency]
        _ = Self.pool

        let baseline = try await Self.baseline(path: dir + "/baseline.sqlite", entries: entries, batch: batch)
        result["baseline_per_s"] = Double(entries) / baseline.total
        result["baseline_inserts_only_per_s"] = Double(entries) / baseline.inserts

        let database = try await Database.open(.sqlite(path: dir + "/log.sqlite"), logger: logger)
        try await Migrations.apply(to: database)
        let log = TransparencyLog(database: database)
        let appended = try await Self.groupCommit(log.appender, logger: logger, entries: entries, batch: batch, concurrency: concurrency)
        result["log_per_s"] = Double(entries) / appended
        result["ratio"] = baseline.total / appended
        result["ratio_to_inserts_only"] = baseline.inserts / appended

        var size = UInt64(entries)
        let growStart = ContinuousClock.now
        while size < UInt64(total) {
            let count = min(10_000, Int(UInt64(total) - size))
            _ = try await log.appender.append((0..<count).map { Self.event(Int(size) + $0) })
            size += UInt64(count)
            if size % 1_000_000 == 0 { FileHandle.standardError.write(Data("grown to \(size)\n".utf8)) }
        }
        if size > UInt64(entries) { result["grow_per_s"] = Double(size - UInt64(entries)) / (ContinuousClock.now - growStart).seconds }
        result["size"] = size

        var generator = SystemRandomNumberGenerator()
        var inclusion: [Double] = []
        var consistency: [Double] = []
        for _ in 0..<proofs {
            let treeSize = UInt64.random(in: 1...size, using: &generator)
            let index = UInt64.random(in: 0..<treeSize, using: &generator)
            var start = ContinuousClock.now
            let path = try await log.reader.inclusionProof(index: index, size: treeSize)
            inclusion.append((ContinuousClock.now - start).seconds * 1_000)
            precondition(path.count <= 64)
            let from = UInt64.random(in: 1...treeSize, using: &generator)
            start = ContinuousClock.now
            _ = try await log.reader.consistencyProof(from: from, to: treeSize)
            consistency.append((ContinuousClock.now - start).seconds * 1_000)
        }
        result["inclusion_ms"] = Self.percentiles(inclusion)
        result["consistency_ms"] = Self.percentiles(consistency)
        // What `causeway audit verify` costs at this size: every entry re-hashed, every tile compared.
        let verifyStart = ContinuousClock.now
        let report = try await LogAuditor(log: log, verifier: try NoteSigner(name: "bench/log").verifier).verify()
        precondition(report.problems.isEmpty, "\(report.problems)")
        result["verify_s"] = (ContinuousClock.now - verifyStart).seconds
        await database.checkpointNow()
        try await database.withConnection { try await $0.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        await database.shutdown()
        let bytes = (try FileManager.default.attributesOfItem(atPath: dir + "/log.sqlite")[.size] as? NSNumber)?.doubleValue ?? 0
        result["bytes_per_entry"] = bytes / Double(size)
        let baselineBytes = (try FileManager.default.attributesOfItem(atPath: dir + "/baseline.sqlite")[.size] as? NSNumber)?.doubleValue ?? 0
        result["baseline_bytes_per_entry"] = baselineBytes / Double(entries)
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }

    /// Events made before any clock runs and reused in turn by both sides, so neither is timed
    /// making up test data.
    static let pool: [AuditEvent] = (0..<8_192).map(makeEvent)

    static func event(_ number: Int) -> AuditEvent { pool[number % pool.count] }

    /// A gateway call's event, varied the way real ones are.
    static func makeEvent(_ number: Int) -> AuditEvent {
        let consumers = ["social-services/shielding-portal", "statistics-office/census-pipeline", "capital-city/resident-services"]
        let consumer = consumers[number % consumers.count]
        return AuditEvent(
            kind: "exchange.call", at: Date(timeIntervalSince1970: 1_790_000_000 + Double(number) / 1_000), actor: consumer,
            subject: "exchange/health-ministry/vulnerable-persons-register", agencies: [String(consumer.prefix { $0 != "/" }), "health-ministry"],
            details: ["method": "GET", "path": "/exchange/health-ministry/datasets/vulnerable-persons-register/records/P\(number)",
                      "provider": "health-ministry", "target": "dataset/vulnerable-persons-register", "status": "200",
                      "bytes": String(200 + number % 800), "requestId": UUID().uuidString.lowercased(), "durationMs": "0.412",
                      "consumer": consumer, "purpose": "shielding-support", "agreement": "agr-demo-shielding",
                      "subject": String(repeating: "ab", count: 32), "fields": "person_id,full_name,address_id,needs_food_support"])
    }

    /// The baseline: the same rows (same columns, same documents, made from the same events)
    /// inserted with SQLite's driver directly — one connection, the node's pragmas, 250-row
    /// INSERTs with bound values, one transaction per batch — into a table of the log's shape.
    /// Both sides start from the same events, so both are timed making their rows; the time
    /// the baseline spends in the database alone is returned too, for the stricter comparison.
    static func baseline(path: String, entries: Int, batch: Int) async throws -> (total: Double, inserts: Double) {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA wal_autocheckpoint = 0",
                       "CREATE TABLE plain_entries (idx BIGINT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, at TEXT NOT NULL, subject_hash TEXT, entry TEXT NOT NULL)"] {
            _ = try await connection.query(pragma, [])
        }
        var elapsed = Duration.zero
        var inserting = Duration.zero
        var next = 0
        while next < entries {
            let making = ContinuousClock.now
            let rows = (next..<min(entries, next + batch)).map { number -> [SQLiteData] in
                let event = event(number)
                return [.integer(number), .text(event.kind), .text(event.subject), .text(Timestamp.string(event.at)),
                        event.details["subject"].map(SQLiteData.text) ?? .null, .text(event.document)]
            }
            let start = ContinuousClock.now
            _ = try await connection.query("BEGIN IMMEDIATE", [])
            for chunk in stride(from: 0, to: rows.count, by: 250) {
                let slice = rows[chunk..<min(chunk + 250, rows.count)]
                let placeholders = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: slice.count).joined(separator: ", ")
                _ = try await connection.query("INSERT INTO plain_entries (idx, kind, subject, at, subject_hash, entry) VALUES \(placeholders)",
                                               Array(slice.joined()))
            }
            _ = try await connection.query("COMMIT", [])
            elapsed += ContinuousClock.now - making
            inserting += ContinuousClock.now - start
            next += rows.count
        }
        _ = try await connection.query("PRAGMA wal_checkpoint(TRUNCATE)", [])
        try await connection.close()
        return (elapsed.seconds, inserting.seconds)
    }

    /// The log as the gateway drives it: many callers each appending one event and waiting
    /// for its index, the writer committing whatever has queued, up to `batch` at a time.
    static func groupCommit(_ log: LogAppender, logger: Logger, entries: Int, batch: Int, concurrency: Int) async throws -> Double {
        let writer = AuditWriter(log: log, logger: logger, maxBatch: batch)
        let running = Task { try? await writer.run() }
        // Each worker is one client connection: it makes a call, waits for its index, makes the next.
        let counter = Counter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(concurrency, entries) {
                group.addTask {
                    while true {
                        let number = counter.next()
                        guard number < entries else { return }
                        _ = try await writer.append(event(number))
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (ContinuousClock.now - start).seconds
        running.cancel()
        await running.value
        return elapsed
    }

    static func percentiles(_ values: [Double]) -> [String: Double] {
        let sorted = values.sorted()
        func at(_ fraction: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
        return ["p50": at(0.5), "p99": at(0.99), "max": sorted.last ?? 0]
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Hands out call numbers to the benchmark's workers.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
