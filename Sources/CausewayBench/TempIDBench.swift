import ArgumentParser
import CausewayCore
import Crypto
import Foundation

/// `causeway-bench tempids`: TempID batches as `/api/v1/tracing/tempids` makes them (100
/// TempIDs laid out and sealed, with their windows) against the encryption alone (100
/// AES-256-GCM seals of 29 bytes under a 16-byte IV), in the same run. Prints one JSON object.
struct TempIDBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tempids")

    @Option(help: "Batches of 100 made by each side.") var batches = 20_000

    func run() async throws {
        let key = SymmetricKey(size: .bits256)
        let uid = TempID.randomUID()
        let plaintext = Data(repeating: 7, count: 29)
        var sink = 0
        var start = ContinuousClock.now
        for _ in 0..<batches {
            for _ in 0..<100 {
                let nonce = try AES.GCM.Nonce(data: SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
                sink &+= try AES.GCM.seal(plaintext, using: key, nonce: nonce).tag.count
            }
        }
        let encryption = (ContinuousClock.now - start).seconds
        start = ContinuousClock.now
        for index in 0..<batches {
            sink &+= try TempIDBatch.issue(uid: uid, key: key, now: 1_800_000_000 + Int64(index)).tempIDs.count
        }
        let issue = (ContinuousClock.now - start).seconds
        let result: [String: Any] = [
            "batches": batches, "encryption_batches_per_s": Double(batches) / encryption, "batches_per_s": Double(batches) / issue,
            "ratio": encryption / issue, "check": sink > 0,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }
}
