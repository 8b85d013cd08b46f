import Foundation

/// Where audit events go. Callers record an event only after the change it describes has
/// committed, and a sink that throws must not lose the event silently: the store keeps every
/// agreement event in its timeline, from which a sink can be replayed.
public protocol AuditSink: Sendable {
    func record(_ events: [AuditEvent]) async throws
}
