import Foundation

/// Something that happened which the public record must show: an exchange call, an agreement
/// transition, a lock after failed sign-ins, an access change, a purge. Plain strings, so the
/// transparency log can serialise any event the same way without knowing its domain; each
/// capability makes its own events (see ``AuditEvent/init(_:of:)`` for agreements).
public struct AuditEvent: Sendable, Hashable, Codable {
    /// What happened, dotted: `exchange.call`, `agreement.approved`, `dataset.purged`, …
    public var kind: String
    public var at: Date
    /// The person or system that acted; nil for the clock.
    public var actor: String?
    /// What it happened to: `agreement/<id>`.
    public var subject: String
    /// The agencies involved, so each can find its events.
    public var agencies: [String]
    public var reason: String?
    public var details: [String: String]

    public init(kind: String, at: Date, actor: String?, subject: String, agencies: [String], reason: String? = nil,
                details: [String: String] = [:]) {
        self.kind = kind
        self.at = at
        self.actor = actor
        self.subject = subject
        self.agencies = agencies
        self.reason = reason
        self.details = details
    }
}
