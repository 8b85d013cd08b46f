import Foundation
import Synchronization

/// Sends a text message to a phone: the one-time codes that prove a person holds the number
/// a device registers with. A deployment plugs in its SMS gateway here; the node ships with
/// ``OutboxSMSSender`` for the demo, tests and trials.
protocol SMSSender: Sendable {
    func send(_ text: String, to phoneNumber: String) async throws
}

/// Appends each message as one JSON line (`{"to","text","at"}`) to a file the operator can
/// read (`<data dir>/sms-outbox.jsonl`), instead of sending it. Whoever can read the data
/// directory can read the codes, which is exactly the operator of a trial.
///
/// Thread safety: appends are serialised by a mutex, so lines never interleave.
final class OutboxSMSSender: SMSSender {
    let path: String
    private let lock = Mutex(())

    init(path: String) {
        self.path = path
    }

    func send(_ text: String, to phoneNumber: String) async throws {
        let line = try JSONSerialization.data(withJSONObject: ["to": phoneNumber, "text": text,
                                                               "at": ISO8601DateFormatter().string(from: Date())],
                                              options: [.sortedKeys]) + Data("\n".utf8)
        try lock.withLock { _ in
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        }
    }
}
