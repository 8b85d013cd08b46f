import CausewayCore
import CausewayStore
import Foundation
import Logging
import ServiceLifecycle

/// Once an hour (and at start), deletes what contact tracing may keep only for the retention
/// period (21 days unless configured): uploads with their contact lists and tokens, upload
/// codes, expired verification codes, and TempID keys no kept encounter can need. Each purge
/// that deleted anything is one log entry with the counts, in the same transaction, so the
/// log shows that retention is applied. Every node may run it; a row is deleted once.
struct TracingRetention: Service {
    let repository: TracingRepository
    let settings: TracingSettings
    let logger: Logger
    let clock: @Sendable () -> Date
    var interval: Duration = .seconds(3_600)

    static let eventKind = "tracing.purged"

    /// The oldest time a kept row may have been made at, at `now`.
    func cutoff(at now: Date) -> Date {
        now.addingTimeInterval(-settings.retention)
    }

    /// A key may have sealed TempIDs valid up to a batch's length after its issuing ended;
    /// encounters with those are kept for the retention after that.
    func keysCutoff(at now: Date) -> Date {
        let batch = TimeInterval(settings.tempIDs.validity) * TimeInterval(settings.tempIDs.size)
        return now.addingTimeInterval(-settings.retention - batch - TimeInterval(settings.rules.clockSkewSeconds))
    }

    @discardableResult
    func run(now: Date) async throws -> TracingRepository.Purged {
        let cutoff = cutoff(at: now)
        let days = Int(settings.retention / 86_400)
        let purged = try await repository.purge(before: cutoff, keysBefore: keysCutoff(at: now), now: now) { purged in
            AuditEvent(kind: Self.eventKind, at: now, actor: nil, subject: "tracing/retention", agencies: [],
                       reason: "contact tracing data is kept \(days) days",
                       details: ["before": Timestamp.string(cutoff), "uploads": String(purged.uploads), "codes": String(purged.codes),
                                 "verifications": String(purged.verifications), "keys": String(purged.keys)])
        }
        if purged.total > 0 {
            logger.notice("deleted expired contact tracing data", metadata: ["uploads": "\(purged.uploads)", "codes": "\(purged.codes)",
                                                                             "keys": "\(purged.keys)"])
        }
        return purged
    }

    func run() async throws {
        await Polling.every(interval, logger: logger, failure: "deleting expired contact tracing data failed") { try await run(now: clock()) }
    }
}
