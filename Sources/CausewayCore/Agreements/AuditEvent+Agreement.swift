import Foundation

extension AuditEvent {
    /// The audit event for one timeline entry of an agreement.
    public init(_ event: AgreementEvent, of agreement: Agreement) {
        var details = ["provider": agreement.provider, "consumer": agreement.consumer,
                       "target": "\(agreement.target.kind)/\(agreement.target.identifier)",
                       "purpose": agreement.terms.purpose.code, "to": event.to.rawValue]
        if let from = event.from { details["from"] = from.rawValue }
        if let note = event.note { details["note"] = note }
        if let changes = event.changes { details["changed"] = changes.map(\.term).joined(separator: ", ") }
        self.init(kind: "agreement.\(event.kind.rawValue)", at: event.at, actor: event.actor, subject: "agreement/\(agreement.id)",
                  agencies: [agreement.provider, agreement.consumer], reason: event.reason, details: details)
    }
}
