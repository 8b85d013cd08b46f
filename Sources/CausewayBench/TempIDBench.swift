import ArgumentParser
import CausewayCore
import Crypto
import Foundation

/// `causeway-bench tempids`: TempID batches as `/api/v1/tracing/tempids` makes them (100
/// TempIDs laid out and sealed, with their windows) against the encryption alone (100
/// AES-256-GCM seals of 29 bytes under 16-byte IVs drawn together), in the same run, on every
/// core. Prints one JSON object.
struct TempIDBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tempids")

    @Option(help: "Batches of 100 made by each side.") var batches = 20_000
    @Option(help: "Tasks making batches at once (default: one per core, as the node's handlers run).") var tasks = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        let key = SymmetricKey(size: .bits256)
        let uid = TempID.randomUID()
        let share = batches / tasks
        // The baseline: 100 AES-256-GCM seals of 29 bytes per batch, the IVs drawn in one call.
        let encryption = try await Self.timed(tasks: tasks) {
            var sink = 0
            let plaintext = Data(repeating: 7, count: 29)
            for _ in 0..<share {
                let ivs = SymmetricKey(size: SymmetricKeySize(bitCount: 16 * 8 * 100)).withUnsafeBytes { Data($0) }
                for index in 0..<100 {
                    let nonce = try AES.GCM.Nonce(data: ivs.subdata(in: (index * 16)..<((index + 1) * 16)))
                    sink &+= try AES.GCM.seal(plaintext, using: key, nonce: nonce).tag.count
                }
            }
            return sink
        }
        let issue = try await Self.timed(tasks: tasks) {
            var sink = 0
            for index in 0..<share {
                sink &+= try TempIDBatch.issue(uid: uid, key: key, now: 1_800_000_000 + Int64(index)).tempIDs.count
            }
            return sink
        }
        let made = Double(share * tasks)
        let result: [String: Any] = [
            "batches": share * tasks, "tasks": tasks, "encryption_batches_per_s": made / encryption, "batches_per_s": made / issue,
            "ratio": encryption / issue,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }

    /// Seconds for `tasks` copies of `work` run at once.
    static func timed(tasks: Int, _ work: @escaping @Sendable () throws -> Int) async throws -> Double {
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<tasks { group.addTask { try work() } }
            return try await group.reduce(0, +)
        }
        precondition(total > 0)
        return (ContinuousClock.now - start).seconds
    }
}
