import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `causeway registry`: following a registry's change feed from a terminal or a script.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Follow a registry's change feed.",
        subcommands: [Tail.self, Match.self])

    /// Prints each event of a registry's feed as one line of CloudEvents JSON, resuming from
    /// the position it saved last time: a subscriber that was away misses nothing, and one
    /// that is restarted does not start over.
    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a registry's changes as JSON lines, following the feed and resuming where the last run stopped.",
            discussion: """
                The position (the last sequence number printed) is kept in --position, written after every event, so \
                a restart resumes after it. Without credentials the open API is read; a restricted registry needs a \
                token of its owner's people. --once prints what is there and stops instead of following.
                """)

        @OptionGroup var node: NodeOptions
        @Argument(help: "The registry's code, e.g. addresses.") var registry: String
        @Option(help: "File holding the last sequence number printed (default: .causeway-REGISTRY.position).") var position: String?
        @Option(help: "Start after this sequence number instead of the saved position (0: from the beginning).") var after: UInt64?
        @Flag(help: "Print the events there are now and exit, instead of following the feed.") var once = false

        func run() async throws {
            let client = try await node.connect(anonymous: true)
            defer { Task { try? await client.shutdown() } }
            let file = position ?? ".causeway-\(registry).position"
            var cursor = after ?? (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            func emit(_ sequence: UInt64, _ json: String) throws {
                // Written straight to the descriptor (no buffering), so a pipe sees each event at once.
                FileHandle.standardOutput.write(Data((json + "\n").utf8))
                cursor = sequence
                try String(sequence).write(toFile: file, atomically: true, encoding: .utf8)
            }
            if once {
                while true {
                    let (status, data) = try await client.raw(.GET, "/api/v1/registries/\(registry)/changes?after=\(cursor)&limit=1000")
                    guard status == 200, let events = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                        throw ValidationError(Self.problem(status, data))
                    }
                    for event in events {
                        let line = String(decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
                        try emit(UInt64(event["sequence"] as? String ?? "") ?? cursor, line)
                    }
                    if events.count < 1_000 { return }
                }
            }
            // Follow the stream; reconnect after a second when it drops, from the last event printed.
            while true {
                do {
                    var request = HTTPClientRequest(url: client.base + "/api/v1/registries/\(registry)/changes/stream")
                    if !client.token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(client.token)") }
                    request.headers.add(name: "Last-Event-ID", value: String(cursor))
                    let response = try await client.http.execute(request, timeout: .hours(24 * 365))
                    guard response.status == .ok else {
                        throw ValidationError(Self.problem(Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 1 << 20))))
                    }
                    var pending = ""
                    for try await chunk in response.body {
                        pending += String(buffer: chunk)
                        while let end = pending.range(of: "\n\n") {
                            let block = pending[..<end.lowerBound]
                            var id: UInt64?, data: Substring?
                            for line in block.split(separator: "\n") {
                                if line.hasPrefix("id: ") { id = UInt64(line.dropFirst(4)) }
                                if line.hasPrefix("data: ") { data = line.dropFirst(6) }
                            }
                            if let id, let data { try emit(id, String(data)) }
                            pending = String(pending[end.upperBound...])
                        }
                    }
                } catch let error as ValidationError {
                    throw error
                } catch {
                    FileHandle.standardError.write(Data("causeway: the feed dropped (\(error)); reconnecting after \(cursor)\n".utf8))
                }
                try await Task.sleep(for: .seconds(1))
            }
        }

        static func problem(_ status: Int, _ data: Data) -> String {
            let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            return "the node answered \(status): \(body?["detail"] as? String ?? String(decoding: data.prefix(300), as: UTF8.self))"
        }
    }

    /// Matches a CSV of free-text addresses against an address registry, as a job on the node,
    /// showing progress, and writes the result (the input with `matched_id`, `match_score` and
    /// `match_class` added).
    struct Match: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match a CSV of free-text addresses against a registry and write the result CSV.")

        @OptionGroup var node: NodeOptions
        @Argument(help: "The registry's code, e.g. addresses.") var registry: String
        @Argument(help: "A CSV file with a header row; the addresses are in the column named address, or the first.") var file: String
        @Option(help: "The column holding the addresses.") var column: String?
        @Option(name: .shortAndLong, help: "Where to write the result (default: standard output).") var output: String?

        func run() async throws {
            let client = try await node.connect()
            defer { Task { try? await client.shutdown() } }
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            var request = HTTPClientRequest(url: client.base + "/api/v1/registries/\(registry)/match" + (column.map { "?column=\($0)" } ?? ""))
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(client.token)")
            request.headers.add(name: "Content-Type", value: "text/csv")
            request.body = .bytes(ByteBuffer(data: data))
            let response = try await client.http.execute(request, timeout: .minutes(10))
            let body = Data(buffer: try await response.body.collect(upTo: 1 << 20))
            guard response.status == .accepted, let job = try JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let links = job["links"] as? [String: String], let path = links["self"], let result = links["result"] else {
                throw ValidationError(Tail.problem(Int(response.status.code), body))
            }
            while true {
                let (status, data) = try await client.raw(.GET, path)
                guard status == 200, let state = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw ValidationError(Tail.problem(status, data))
                }
                let done = state["done"] as? Int ?? 0, rows = state["rows"] as? Int ?? 0
                FileHandle.standardError.write(Data("\rmatched \(done) of \(rows)".utf8))
                if state["state"] as? String == "failed" { throw ValidationError("the match failed: \(state["detail"] ?? "")") }
                if state["state"] as? String == "succeeded" {
                    let classes = (state["classes"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    FileHandle.standardError.write(Data("\n\(classes.joined(separator: ", "))\n".utf8))
                    break
                }
                try await Task.sleep(for: .milliseconds(250))
            }
            let (status, csv) = try await client.raw(.GET, result, timeout: .minutes(10))
            guard status == 200 else { throw ValidationError(Tail.problem(status, csv)) }
            if let output {
                try csv.write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(csv)
            }
        }
    }
}
