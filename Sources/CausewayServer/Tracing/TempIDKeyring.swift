import CausewayCore
import CausewayStore
import Crypto
import Foundation
import Synchronization

/// The keys TempIDs are sealed under: one generation per ``lifetime`` (a week by default),
/// numbered by the time it starts, so every node of a deployment derives the same number and
/// the first to store a generation's key wins (the others read it back).
///
/// A TempID carries no key number, so opening one tries the generation current at the
/// encounter's time first, then the others; a wrong key fails the GCM tag, never opens
/// wrongly. Old generations are deleted by ``TracingRetention`` once no encounter that could
/// carry them is still kept.
///
/// Thread safety: the opened keys are cached behind a mutex; methods may be called from any task.
final class TempIDKeyring: Sendable {
    let repository: TracingRepository
    let vault: KeyVault
    let lifetime: TimeInterval
    private let cache = Mutex<[Int64: SymmetricKey]>([:])

    static let sealingName = "tracing-tempid-key"

    init(repository: TracingRepository, vault: KeyVault, lifetime: TimeInterval = 7 * 86_400) {
        self.repository = repository
        self.vault = vault
        self.lifetime = lifetime
    }

    func generation(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / lifetime).rounded(.down))
    }

    /// The key to issue TempIDs with at `now`, created when its generation has none yet.
    func current(at now: Date) async throws -> SymmetricKey {
        let number = generation(at: now)
        if let key = cache.withLock({ $0[number] }) { return key }
        try await repository.addKey(.init(id: number, sealed: vault.seal(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }).base64EncodedString(),
                                                                            as: Self.sealingName),
                                          created: now, issueUntil: Date(timeIntervalSince1970: Double(number + 1) * lifetime)))
        try await reload()
        guard let key = cache.withLock({ $0[number] }) else { throw KeyCustodyError.corrupt(name: Self.sealingName) }
        return key
    }

    /// Reads every stored generation (after another node added one, or the retention deleted one).
    func reload() async throws {
        var opened: [Int64: SymmetricKey] = [:]
        for stored in try await repository.keys() {
            guard let bytes = Data(base64Encoded: try vault.open(stored.sealed, as: Self.sealingName)), bytes.count == 32 else {
                throw KeyCustodyError.corrupt(name: Self.sealingName)
            }
            opened[stored.id] = SymmetricKey(data: bytes)
        }
        cache.withLock { $0 = opened }
    }

    /// Opens a TempID heard at `time`: the generation current then first (a TempID is issued
    /// up to 25 hours ahead, so the previous one next), then any other kept.
    func opener(reloading: Bool = true) async throws -> @Sendable (String, Int64) -> TempID? {
        if reloading { try await reload() }
        let keys = cache.withLock { $0 }
        let lifetime = self.lifetime
        return { text, time in
            let number = Int64((Double(time) / lifetime).rounded(.down))
            let order = [number, number - 1] + keys.keys.filter { $0 != number && $0 != number - 1 }.sorted(by: >)
            for candidate in order {
                guard let key = keys[candidate] else { continue }
                if let opened = try? TempID.open(text, with: key) { return opened }
            }
            return nil
        }
    }
}
