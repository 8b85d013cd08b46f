import CausewayCore
import Foundation

/// The key that signs the node's checkpoints, kept in a file in the data directory rather than
/// in the database: whoever can rewrite the database must not also be able to sign a rewritten
/// log. Created on first start, readable by the node's user only. Nodes sharing one PostgreSQL
/// database share this file too (copy it), so they all sign the same log.
public enum LogKeyFile {
    public static let name = "log-key"

    public static func path(in directory: String) -> String { directory + "/" + name }

    /// Reads the key, creating it with `origin` as its name if there is none.
    public static func loadOrCreate(in directory: String, origin: String) throws -> NoteSigner {
        let path = path(in: directory)
        if FileManager.default.fileExists(atPath: path) { return try load(from: path) }
        let signer = try NoteSigner(name: origin)
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((signer.encoded + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary])
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        return signer
    }

    public static func load(from path: String) throws -> NoteSigner {
        try NoteSigner(encoded: String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    }

    /// The log's default name: the node's public host and port, then `/log`, as C2SP origins
    /// are written (no scheme).
    public static func defaultOrigin(publicURL: String) -> String {
        var text = publicURL
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        while text.hasSuffix("/") { text.removeLast() }
        let cleaned = String(text.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7f && $0 != "+" })
        return (cleaned.isEmpty ? "causeway" : cleaned) + "/log"
    }
}
