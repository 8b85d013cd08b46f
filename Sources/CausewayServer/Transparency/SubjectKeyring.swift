import CausewayCore
import CausewayStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The deployment's subject keys: the current one hashes `Causeway-Subject` on new calls;
/// retired ones still find the entries hashed with them, so rotating the key never hides a
/// citizen's history from them. Shared by all nodes through the database; a rotation on one
/// node reaches the others within a second.
public final class SubjectKeyring: Service, Sendable {
    static let keyName = "subject-hmac"
    let keys: NodeKeyRepository
    let logger: Logger
    /// Rung when another node rotates the subject key (see ``RevisionWatcher``).
    let changes = Doorbell()
    /// The stored values (to notice a rotation) and their hashers, current first.
    private let state = Mutex<(values: [String], hashers: [SubjectHash])>(([], []))

    let vault: KeyVault

    init(keys: NodeKeyRepository, vault: KeyVault, logger: Logger) {
        self.keys = keys
        self.vault = vault
        self.logger = logger
    }

    /// Loads the keys, creating the first on a new deployment.
    func start() async throws {
        _ = try await vault.value(named: Self.keyName, in: keys) { Self.newKey() }
        try await refresh()
    }

    static func newKey() -> String {
        Data(ClientSecretFactory.make().secret.utf8).base64EncodedString()
    }

    /// Compares the values as stored (sealed), so the keys are opened only when they changed,
    /// not on every poll.
    func refresh() async throws {
        let stored = try await keys.generations(of: Self.keyName)
        guard stored != state.withLock({ $0.values }) else { return }
        let hashers = try stored.map { value in
            let key = try vault.open(value, as: Self.keyName)
            return SubjectHash(key: Data(base64Encoded: key) ?? Data(key.utf8))
        }
        state.withLock { $0 = (stored, hashers) }
    }

    /// The hash new entries carry.
    func hash(_ subject: String) -> String? {
        state.withLock { $0.hashers.first }?.hash(subject)
    }

    /// The subject's hash under every key the deployment has had.
    func allHashes(_ subject: String) -> [String] {
        state.withLock { $0.hashers }.map { $0.hash(subject) }
    }

    /// Starts a new key; entries already written keep the hash of the key they were written with.
    public func rotate() async throws {
        try await keys.rotate(Self.keyName, bumping: "credentials") { [vault] in vault.seal(Self.newKey(), as: Self.keyName) }
        try await refresh()
    }

    public func run() async throws {
        await Polling.every(.seconds(1), doorbell: changes, logger: logger, failure: "subject key refresh failed") { try await refresh() }
    }
}
