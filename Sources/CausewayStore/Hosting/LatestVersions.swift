import Synchronization

/// This node's memory of each distribution's latest version, so that a query does not read
/// `hosted_versions` (and decode the schema stored there) on every request.
///
/// It is kept exact on the node that writes: an upload forgets the distribution when its
/// transaction commits. Other nodes sharing the database learn of new versions through the
/// `hosted-data` revision, which every upload bumps and ``HostedDataRepository/noticeChanges()``
/// polls — the same one-second consistency the catalogue has across nodes.
final class LatestVersions: Sendable {
    private struct State {
        var entries: [String: HostedDataRepository.Located] = [:]
        /// Moves on every forget, so that a lookup which read the database before a write
        /// committed cannot put its older answer back afterwards.
        var generation: UInt64 = 0
        var revision: Int64?
    }

    private let state = Mutex(State())

    func lookup(_ distribution: String) -> (found: HostedDataRepository.Located?, generation: UInt64) {
        state.withLock { ($0.entries[distribution], $0.generation) }
    }

    /// Keeps what was read from the database, unless something was forgotten since the read began.
    func remember(_ located: HostedDataRepository.Located, readAt generation: UInt64) {
        state.withLock { state in
            if state.generation == generation { state.entries[located.version.distribution] = located }
        }
    }

    func forget(_ distribution: String) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[distribution] = nil
        }
    }

    /// Forgets everything when the store's revision moved since the last call.
    func observe(revision: Int64) {
        state.withLock { state in
            guard state.revision != revision else { return }
            state.generation &+= 1
            state.entries.removeAll()
            state.revision = revision
        }
    }
}
