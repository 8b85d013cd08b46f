import Foundation

/// Something that happened which the public record must show: an agreement transition now,
/// exchange calls and administrative events later. Plain strings, so the transparency log can
/// serialise any event the same way without knowing its domain.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// What happened, dotted: `agreement.approved`, `agreement.revoked`, …
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

    /// The audit event for one timeline entry of an agreement.
    public init(_ event: AgreementEvent, of agreement: Agreement) {
        var details = ["provider": agreement.provider, "consumer": agreement.consumer,
                       "target": "\(agreement.target.kind)/\(agreement.target.identifier)",
                       "purpose": agreement.terms.purpose.code, "to": event.to.rawValue]
        if let from = event.from { details["from"] = from.rawValue }
        if let note = event.note { details["note"] = note }
        self.init(kind: "agreement.\(event.kind.rawValue)", at: event.at, actor: event.actor, subject: "agreement/\(agreement.id)",
                  agencies: [agreement.provider, agreement.consumer], reason: event.reason, details: details)
    }
}

/// Where audit events go. Callers record an event only after the change it describes has
/// committed, and a sink that throws must not lose the event silently: the store keeps every
/// agreement event in its timeline, from which a sink can be replayed.
public protocol AuditSink: Sendable {
    func record(_ events: [AuditEvent]) async throws
}
