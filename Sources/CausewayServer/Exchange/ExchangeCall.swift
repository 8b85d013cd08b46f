import CausewayCore
import Foundation
import HTTPTypes
import Hummingbird

/// What the gateway knows about one call as it goes, and the audit event it becomes. Every
/// call produces exactly one event, allowed or refused, written before the answer is sent.
struct ExchangeCall: Sendable {
    let started = ContinuousClock.now
    let at = Date()
    let method: String
    let path: String
    let provider: String
    var target: String
    let requestID: String
    var consumer: String?
    var purpose: String?
    var agreement: String?
    var subjectHash: String?
    var fields: [String] = []

    init(request: Request, provider: String, target: String) {
        method = request.method.rawValue
        path = request.uri.path
        self.provider = provider
        self.target = target
        // A caller's request id is echoed only if it is short and plain; otherwise a new one.
        let given = request.headers[ExchangeHeaders.requestID]
        requestID = given.flatMap { $0.count <= 128 && $0.allSatisfy { $0.isASCII && !$0.isWhitespace } ? $0 : nil }
            ?? UUID().uuidString.lowercased()
    }

    func event(status: Int, bytes: Int, code: String? = nil) -> AuditEvent {
        let elapsed = ContinuousClock.now - started
        var details = ["method": method, "path": path, "provider": provider, "target": target, "status": String(status),
                       "bytes": String(bytes), "requestId": requestID,
                       "durationMs": String(format: "%.3f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)]
        if let consumer { details["consumer"] = consumer }
        if let purpose { details["purpose"] = purpose }
        if let agreement { details["agreement"] = agreement }
        if let subjectHash { details["subject"] = subjectHash }
        if !fields.isEmpty { details["fields"] = fields.joined(separator: ",") }
        if let code { details["code"] = code }
        let consumerAgency = consumer.map { String($0.prefix { $0 != "/" }) }
        return AuditEvent(kind: code == nil ? "exchange.call" : "exchange.refused", at: at, actor: consumer,
                          subject: "exchange/\(provider)/\(target)", agencies: [consumerAgency, provider].compactMap { $0 },
                          details: details)
    }
}

/// The protocol's header names (DESIGN.md § Exchange protocol).
enum ExchangeHeaders {
    static let purpose = name("Causeway-Purpose")
    static let subject = name("Causeway-Subject")
    static let requestID = name("Causeway-Request-Id")
    static let agreement = name("Causeway-Agreement")
    static let auditIndex = name("Causeway-Audit-Index")
    static let client = name("Causeway-Client")
    static let dataVersion = name("Causeway-Data-Version")

    /// A header name written in the source: valid by inspection, so a failure is a typo here.
    static func name(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name \(text)") }
        return name
    }
}
