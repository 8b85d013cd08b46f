import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// `causeway-bench feed`: a registry feed's latency as its stream readers see it. Opens
/// `--subscribers` Server-Sent Events streams (on `--read`, which may be another node), then
/// makes `--writes` changes one after another on `--write`, and for each event measures the
/// time from the write's acknowledgement to its arrival at every subscriber. Prints one JSON
/// object with the percentiles (ms) and how many arrivals were seen.
struct FeedBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feed")

    @Option(help: "Node the writes go to.") var write: String
    @Option(help: "Node the subscribers read from (default: the writing node).") var read: String?
    @Option(help: "Registry code.") var registry = "addresses"
    @Option(help: "A record to change over and over.") var record = "LA-0000001"
    @Option(help: "Bearer token of one of the owner's people.") var token: String
    @Option(help: "Stream readers.") var subscribers = 1_000
    @Option(help: "Writes, one after another.") var writes = 100
    @Option(help: "Pause between writes, ms.") var pause = 50

    final class Arrivals: Sendable {
        let seen = Mutex<[UInt64: [ContinuousClock.Instant]]>([:])
        let connected = Mutex(0)
        func add(_ sequence: UInt64, at instant: ContinuousClock.Instant) {
            seen.withLock { $0[sequence, default: []].append(instant) }
        }
    }

    func run() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: subscribers + 8)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let arrivals = Arrivals()
        let readBase = read ?? write
        let registry = self.registry
        let count = subscribers
        let streams = Task {
            await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        let request = HTTPClientRequest(url: "\(readBase)/api/v1/registries/\(registry)/changes/stream")
                        let response = try await client.execute(request, timeout: .hours(1))
                        arrivals.connected.withLock { $0 += 1 }
                        var pending = ""
                        for try await chunk in response.body {
                            let now = ContinuousClock.now
                            pending += String(buffer: chunk)
                            while let end = pending.range(of: "\n\n") {
                                for line in pending[..<end.lowerBound].split(separator: "\n") where line.hasPrefix("id: ") {
                                    if let sequence = UInt64(line.dropFirst(4)) { arrivals.add(sequence, at: now) }
                                }
                                pending = String(pending[end.upperBound...])
                            }
                        }
                    }
                }
                while (try? await group.next()) != nil {}
            }
        }
        while arrivals.connected.withLock({ $0 }) < subscribers { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(1))
        var acknowledged: [UInt64: ContinuousClock.Instant] = [:]
        for index in 0..<writes {
            var request = HTTPClientRequest(url: "\(write)/api/v1/registries/\(registry)/records/\(record)")
            request.method = .PATCH
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"record":{"postcode":"MR1 \#(index % 9)ZZ"},"reason":"feed benchmark"}"#))
            let response = try await client.execute(request, timeout: .seconds(30))
            let now = ContinuousClock.now
            guard response.status == .ok, let sequence = response.headers.first(name: "Causeway-Last-Sequence").flatMap(UInt64.init) else {
                throw ValidationError("write answered \(response.status)")
            }
            _ = try await response.body.collect(upTo: 1 << 20)
            acknowledged[sequence] = now
            try await Task.sleep(for: .milliseconds(pause))
        }
        try await Task.sleep(for: .seconds(3))
        streams.cancel()
        var latencies: [Double] = []
        var arrived = 0
        let seen = arrivals.seen.withLock { $0 }
        for (sequence, ack) in acknowledged {
            for instant in seen[sequence] ?? [] {
                arrived += 1
                let (seconds, attoseconds) = (instant - ack).components
                latencies.append(max(0, Double(seconds) * 1_000 + Double(attoseconds) / 1e15))
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let result: [String: Any] = [
            "subscribers": subscribers, "writes": writes, "expected": subscribers * writes, "arrived": arrived,
            "p50_ms": percentile(0.5), "p99_ms": percentile(0.99), "max_ms": latencies.last ?? .nan,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
        try? await client.shutdown()
    }
}
