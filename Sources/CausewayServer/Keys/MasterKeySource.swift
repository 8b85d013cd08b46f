import CausewayCore
import Foundation

/// Where a node finds the deployment's ``MasterKey``, in this order: the file named by
/// `--master-key-file` (or `CAUSEWAY_MASTER_KEY_FILE`), the key itself in `CAUSEWAY_MASTER_KEY`,
/// or `master-key` in the data directory.
///
/// The embedded default needs no set-up: the first start of a deployment creates `master-key`
/// in the data directory, readable by the node's user only. A production deployment keeps the
/// key elsewhere (a secrets manager writing a file, or the environment), so that a copy of the
/// data directory and database together is still not enough to forge the log.
public struct MasterKeySource: Sendable {
    public enum Location: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        case environment
        case dataDirectory(String)

        public var description: String {
            switch self {
            case .file(let path): "--master-key-file \(path)"
            case .environment: "CAUSEWAY_MASTER_KEY"
            case .dataDirectory(let path): path
            }
        }
    }

    public static let fileName = "master-key"

    public let location: Location
    let inline: String?

    /// The source a node's settings name: `file` wins over `inline` (the environment's key),
    /// which wins over the data directory's `master-key`.
    public init(file: String?, inline: String?, dataDirectory: String) {
        if let file {
            location = .file(file)
            self.inline = nil
        } else if let inline {
            location = .environment
            self.inline = inline
        } else {
            location = .dataDirectory(dataDirectory + "/" + Self.fileName)
            self.inline = nil
        }
    }

    /// Reads the key. With `mayCreate` (the database holds nothing sealed yet: this is the
    /// deployment's first start) a missing data-directory key is created; otherwise a missing
    /// key is an error that tells the operator where the deployment's key must come from.
    public func load(mayCreate: Bool) throws(KeyCustodyError) -> MasterKey {
        switch location {
        case .environment:
            return try parse(inline ?? "")
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .unreadable(location: location)
            }
            return try parse(text)
        case .dataDirectory(let path):
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try parse(text) }
            guard mayCreate, !FileManager.default.fileExists(atPath: path) else { throw .missing(location: location) }
            let key = MasterKey.generate()
            try Self.write(key, to: path)
            return key
        }
    }

    private func parse(_ text: String) throws(KeyCustodyError) -> MasterKey {
        do {
            return try MasterKey(text: text)
        } catch {
            throw .malformed(location: location)
        }
    }

    /// Writes a key file readable by its owner only, atomically (a node killed half way leaves
    /// no half-written key behind).
    public static func write(_ key: MasterKey, to path: String) throws(KeyCustodyError) {
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((key.text + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw .unwritable(path: path)
        }
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw .unwritable(path: path)
        }
    }
}
