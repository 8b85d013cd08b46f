import CausewayCore
import CausewayStore
import Foundation

/// The key that signs the log's checkpoints. It lives in the shared database, sealed under the
/// deployment's ``MasterKey``, so that every node signs one log under one origin and a node
/// joins with nothing but the database URL and the master key. The database alone is not
/// enough to sign: whoever can rewrite it still cannot sign a rewritten log.
///
/// The key's name is the log's origin, fixed when the key is made: from `--public-url` if the
/// first node has one, else from that node's address. Changing the public URL later does not
/// rename the log (monitors would take it for another log); the node says so at start.
public struct LogSigningKey: Sendable {
    /// Its name in `node_keys`.
    public static let name = "log-key"
    /// Where nodes before the master key kept it in clear; imported once, then left alone.
    public static func legacyFile(in directory: String) -> String { directory + "/log-key" }

    let keys: NodeKeyRepository
    let vault: KeyVault

    public init(keys: NodeKeyRepository, vault: KeyVault) {
        self.keys = keys
        self.vault = vault
    }

    /// The deployment's key; on its first start, the key an older node kept in the data
    /// directory, or else a new one named `origin`. When several nodes start at once, the
    /// first to store its key wins and all of them use that one.
    public func loadOrCreate(dataDirectory: String, origin: String) async throws -> NoteSigner {
        let candidate: NoteSigner
        if let stored = try await keys.value(named: Self.name) {
            return try open(stored)
        } else if let legacy = try? String(contentsOfFile: Self.legacyFile(in: dataDirectory), encoding: .utf8) {
            candidate = try NoteSigner(encoded: legacy)
        } else {
            candidate = try NoteSigner(name: origin)
        }
        let encoded = candidate.encoded
        return try NoteSigner(encoded: try await vault.value(named: Self.name, in: keys) { encoded })
    }

    /// The stored key's public half, for `causeway audit verify`; nil if the log has no key yet.
    public func verifier() async throws -> NoteVerifier? {
        guard let stored = try await keys.value(named: Self.name) else { return nil }
        return try open(stored).verifier
    }

    private func open(_ stored: String) throws -> NoteSigner {
        try NoteSigner(encoded: try vault.open(stored, as: Self.name))
    }

    /// The log's default name: the public URL's host, port and path, then `/log`, as C2SP
    /// origins are written (no scheme).
    public static func defaultOrigin(publicURL: String) -> String {
        var text = publicURL
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        while text.hasSuffix("/") { text.removeLast() }
        let cleaned = String(text.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7f && $0 != "+" })
        return (cleaned.isEmpty ? "causeway" : cleaned) + "/log"
    }
}
