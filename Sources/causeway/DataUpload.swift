import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// `causeway data …`: work with hosted data on a running node over its API.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Upload data into hosted tables on a Causeway node.", subcommands: [DataUpload.self])
}

/// Streams a file to a node, then follows the job it started until the data is loaded or
/// rejected, with a progress bar on standard error and the final report on standard output.
struct DataUpload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload", abstract: "Upload a CSV or JSON Lines file into a distribution's hosted table.")

    @Argument(help: "The file to upload (.csv, .jsonl).") var file: String
    @Option(help: "Dataset id or name.") var dataset: String
    @Option(help: "Distribution id.") var distribution: String
    @Option(help: "replace, append or upsert.") var mode = "replace"
    @OptionGroup var node: NodeOptions
    @Flag(help: "No progress bar.") var quiet = false

    func run() async throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file), let size = attributes[.size] as? Int,
              FileManager.default.isReadableFile(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let connection = try await node.connect()
        let client = connection.http
        let base = connection.base
        let bearer = connection.token
        do {
            let format = file.lowercased().hasSuffix(".jsonl") || file.lowercased().hasSuffix(".ndjson") ? "jsonl" : "csv"
            let progress = Progress(total: size, quiet: quiet)
            var request = HTTPClientRequest(url: "\(base)/api/v1/datasets/\(dataset)/distributions/\(distribution)/data?mode=\(mode)&format=\(format)")
            request.method = .PUT
            request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
            request.headers.add(name: "Content-Type", value: format == "jsonl" ? "application/jsonl" : "text/csv")
            let sent = SentCounter()
            request.body = .stream(FileChunks(path: file).map { buffer in
                progress.show("uploading", sent.add(buffer.readableBytes), of: size, unit: "bytes")
                return buffer
            }, length: .known(Int64(size)))
            let response = try await client.execute(request, timeout: .hours(24))
            var job = try await Self.json(response)
            guard response.status == .accepted, let id = job["id"] as? String else {
                throw ValidationError("upload refused (\(response.status.code)): \(job["detail"] ?? job)")
            }
            while let state = job["state"] as? String, state == "queued" || state == "running" {
                try await Task.sleep(for: .milliseconds(300))
                var poll = HTTPClientRequest(url: "\(base)/api/v1/jobs/\(id)")
                poll.headers.add(name: "Authorization", value: "Bearer \(bearer)")
                job = try await Self.json(try await client.execute(poll, timeout: .seconds(30)))
                progress.show("loading", job["rowsRead"] as? Int ?? 0, of: nil, unit: "rows")
            }
            progress.end()
            let report = try JSONSerialization.data(withJSONObject: job, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: report, as: UTF8.self))
            try await connection.shutdown()
            if job["state"] as? String != "succeeded" { throw ExitCode(1) }
        } catch {
            try? await connection.shutdown()
            throw error
        }
    }

    static func json(_ response: HTTPClientResponse) async throws -> [String: Any] {
        let body = try await response.body.collect(upTo: 64 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
}

/// Bytes sent so far.
/// A file's bytes, read a chunk at a time as the request body asks for them, so that the
/// client holds one chunk of a multi-gigabyte upload, not the file.
struct FileChunks: AsyncSequence, Sendable {
    let path: String
    var chunkSize = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        let chunkSize: Int

        mutating func next() async throws -> ByteBuffer? {
            guard let handle else { throw ValidationError("cannot read the file") }
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                try? handle.close()
                return nil
            }
            return ByteBuffer(data: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: FileHandle(forReadingAtPath: path), chunkSize: chunkSize)
    }
}

final class SentCounter: Sendable {
    private let total = Mutex(0)

    func add(_ count: Int) -> Int {
        total.withLock { total in
            total += count
            return total
        }
    }
}

/// A one-line progress bar on standard error, redrawn at most ten times a second.
final class Progress: Sendable {
    let total: Int
    let quiet: Bool
    private let last = Mutex(Date.distantPast)
    private let started = Date()

    init(total: Int, quiet: Bool) {
        self.total = total
        self.quiet = quiet
    }

    func show(_ phase: String, _ done: Int, of total: Int?, unit: String) {
        let due = last.withLock { last in
            guard Date().timeIntervalSince(last) > 0.1 || done == total else { return false }
            last = Date()
            return true
        }
        guard !quiet, due else { return }
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        var line = "\r\(phase) "
        if let total, total > 0 {
            let fraction = Double(done) / Double(total)
            let filled = Int(fraction * 30)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] \(Int(fraction * 100))% "
        }
        line += "\(done) \(unit), \(Int(Double(done) / seconds)) \(unit)/s   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func end() {
        if !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
