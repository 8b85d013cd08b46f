import CausewayCore
import CausewayStore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps this node's ``PolicySnapshot`` current. A write on this node refreshes it before the
/// response goes out; writes on other nodes are noticed by polling the `agreements` and
/// `credentials` revisions once a second, so every node applies a suspension within a second.
public final class PolicyService: Service, Sendable {
    let agreements: AgreementRepository
    let secrets: ClientSecretRepository
    let services: ServiceRepository
    let logger: Logger
    let interval: Duration
    /// Rung when another node changes agreements, credentials or services (see ``RevisionWatcher``).
    let changes = Doorbell()
    private let current = Mutex(PolicySnapshot.empty)
    /// Serialises rebuilds, so an older rebuild finishing late cannot replace a newer snapshot.
    private let rebuilding = Mutex<Task<Void, any Error>?>(nil)

    public init(agreements: AgreementRepository, secrets: ClientSecretRepository, services: ServiceRepository, logger: Logger,
                interval: Duration = .seconds(1)) {
        self.agreements = agreements
        self.secrets = secrets
        self.services = services
        self.logger = logger
        self.interval = interval
    }

    /// The snapshot decisions are made with: read without a lock held across any await.
    public var snapshot: PolicySnapshot { current.withLock { $0 } }

    /// Rebuilds the snapshot if the store has moved on since it was built.
    public func refresh() async throws {
        let task = rebuilding.withLock { previous -> Task<Void, any Error> in
            let prior = previous
            let task = Task { [self] in
                _ = try? await prior?.value
                let revision = try await agreements.policyRevision()
                guard revision != snapshot.revision || revision == 0 else { return }
                let built = PolicySnapshot(agreements: try await agreements.approved(),
                                           systems: try await secrets.systemsWithLiveSecrets(),
                                           liveSecrets: try await secrets.liveSecretIDs(),
                                           services: try await services.all(), revision: revision)
                current.withLock { if $0.revision <= built.revision { $0 = built } }
            }
            previous = task
            return task
        }
        try await task.value
    }

    public func run() async throws {
        await Polling.every(interval, doorbell: changes, logger: logger, failure: "policy snapshot refresh failed") { try await refresh() }
    }
}
