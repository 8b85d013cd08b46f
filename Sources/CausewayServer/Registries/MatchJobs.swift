import CausewayCore
import Foundation
import NIOCore
import Synchronization

/// Bulk matches: a CSV of free-text addresses matched row by row in the background, with
/// progress to poll and a CSV of results (the input's columns, then the matched identifier,
/// its score and the match class) written to the data directory as it goes.
///
/// Jobs live in this node's memory and their results on its disk: a client polls the node
/// that took the job (the `Location` it was given). Thread-safe.
final class MatchJobs: Sendable {
    struct Job: Sendable, Encodable {
        enum State: String, Sendable, Encodable { case running, succeeded, failed }
        var id: String
        var registry: String
        var state: State
        var rows: Int
        var done: Int
        var classes: [String: Int]
        var created: Date
        var finished: Date?
        var detail: String?
        var links: [String: String]
    }

    let directory: String
    private let jobs = Mutex<[String: Job]>([:])

    init(directory: String) {
        self.directory = directory
    }

    func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }

    func resultPath(_ id: String) -> String { "\(directory)/\(id).csv" }

    /// Parses `csv` (a header row, the addresses in `column` or the first column), registers
    /// the job and starts matching; returns at once with the job as it starts.
    func start(registry: String, csv: ByteBuffer, column: String?, index: AddressIndex, now: Date) throws -> Job {
        var rows: [[String]] = []
        var reader = CSVReader()
        do {
            try csv.withUnsafeReadableBytes { bytes in try reader.read(bytes) { rows.append($0) } }
            try reader.finish { rows.append($0) }
        } catch {
            throw Problem.invalid("The body is not a readable CSV file (RFC 4180, UTF-8, with a header row).")
        }
        guard let header = rows.first, rows.count > 1 else {
            throw Problem.invalid("The CSV needs a header row and at least one address.")
        }
        let position: Int
        if let column {
            guard let found = header.firstIndex(of: column) else { throw Problem.badParameter("column", "the CSV has no column '\(column)'") }
            position = found
        } else {
            position = header.firstIndex { $0.lowercased() == "address" } ?? 0
        }
        let id = UUID().uuidString.lowercased()
        let base = "/api/v1/registries/\(registry)/match/jobs/\(id)"
        let job = Job(id: id, registry: registry, state: .running, rows: rows.count - 1, done: 0, classes: [:], created: now,
                      links: ["self": base, "result": base + "/result.csv"])
        jobs.withLock { $0[id] = job }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = resultPath(id)
        Task.detached { [self] in
            do {
                try self.run(id, rows: rows, header: header, position: position, index: index, path: path)
            } catch {
                self.jobs.withLock { $0[id]?.state = .failed; $0[id]?.detail = "\(error)"; $0[id]?.finished = Date() }
            }
        }
        return job
    }

    /// Rows matched between two progress reports.
    static let block = 2_000

    /// One block's answers, filled by the workers (each its own slots) and read once they are done.
    ///
    /// `@unchecked Sendable` is sound: every slot is written by exactly one worker of one
    /// `concurrentPerform`, and read only after it has returned, which orders the writes before
    /// the reads.
    private final class Results: @unchecked Sendable {
        typealias Answer = (candidates: [AddressCandidate], class: MatchClass)
        private let slots: UnsafeMutableBufferPointer<Answer>

        init(count: Int) {
            slots = .allocate(capacity: count)
            _ = slots.initialize(from: repeatElement(([], .none), count: count))
        }

        deinit {
            _ = slots.deinitialize()
            slots.deallocate()
        }

        func set(_ index: Int, _ value: Answer) { slots[index] = value }

        func get(_ index: Int) -> Answer { slots[index] }
    }

    private func run(_ id: String, rows: [[String]], header: [String], position: Int, index: AddressIndex, path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let file = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? file.close() }
        var out = ByteBuffer()
        RecordRenderer.writeCSVRow(header + ["matched_id", "match_score", "match_class"], into: &out)
        var classes: [String: Int] = [:]
        let addresses = Array(rows.dropFirst())
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // A block at a time, its rows matched on every core, then written in the input's order.
        for start in stride(from: 0, to: addresses.count, by: Self.block) {
            let block = Array(addresses[start..<min(start + Self.block, addresses.count)])
            let results = Results(count: block.count)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for offset in stride(from: worker, to: block.count, by: workers) {
                    let row = block[offset]
                    results.set(offset, index.match(position < row.count ? row[position] : "", limit: 2))
                }
            }
            for (offset, row) in block.enumerated() {
                let (candidates, matchClass) = results.get(offset)
                let best = matchClass == .none || matchClass == .ambiguous ? nil : candidates.first
                classes[matchClass.rawValue, default: 0] += 1
                RecordRenderer.writeCSVRow(row + [best?.id ?? "", candidates.first.map { String($0.score) } ?? "", matchClass.rawValue], into: &out)
            }
            try file.write(contentsOf: out.readableBytesView)
            out.clear()
            let done = start + block.count
            jobs.withLock { $0[id]?.done = done; $0[id]?.classes = classes }
        }
        jobs.withLock { $0[id]?.state = .succeeded; $0[id]?.finished = Date() }
    }
}
