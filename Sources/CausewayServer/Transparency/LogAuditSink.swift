import CausewayCore
import CausewayStore
import Logging

/// The default ``AuditSink``: one structured log line per event (agreement, catalogue and
/// key changes; exchange calls stay in the transparency log only), so an operator's log
/// pipeline keeps them beside the log.
public struct LogAuditSink: AuditSink {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func record(_ events: [AuditEvent]) async throws {
        for event in events {
            var metadata: Logger.Metadata = ["kind": "\(event.kind)", "subject": "\(event.subject)", "actor": "\(event.actor ?? "-")",
                                             "at": "\(Timestamp.string(event.at))"]
            if let reason = event.reason { metadata["reason"] = "\(reason)" }
            for (key, value) in event.details { metadata[key] = "\(value)" }
            logger.info("audit", metadata: metadata)
        }
    }
}
