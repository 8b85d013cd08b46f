import CausewayCore
import Foundation
import HTTPTypes
import Hummingbird

/// What the gateway knows about one call as it goes, and the audit event it becomes. Every
/// call produces exactly one event, allowed or refused, written before the answer is sent.
///
/// Invariant: every string that reaches the event is in the form ``LogRedaction`` allows for
/// the public log. What the caller sent verbatim (the path, the purpose) is kept apart and
/// only ever goes to this node's own error log.
struct ExchangeCall: Sendable {
    let started = ContinuousClock.now
    /// When the call arrived, by the node's clock: the moment its agreement and quota are
    /// checked at, its log entry is dated and its signature is created.
    let at: Date
    let method: String
    /// The logged path: the route, then each caller-chosen segment made opaque.
    let path: String
    /// The path as the caller sent it: for this node's error log, never for the public log.
    let rawPath: String
    let provider: String
    var target: String
    let requestID: String
    var consumer: String?
    /// The purpose as logged: an agreed purpose code, or `unknown` with ``purposeHash``.
    var purpose: String?
    var purposeHash: String?
    var agreement: String?
    var subjectHash: String?
    var fields: [String] = []

    /// A call to `route` (the fixed part of the path, made of registered names or opaque
    /// values), for the caller's own path below it: the path's segments from index
    /// `fixedSegments` on (1 is the first segment after the leading slash).
    init(request: Request, at: Date, provider: String, target: String, route: String, fixedSegments: Int, redaction: LogRedaction) {
        self.at = at
        method = LogRedaction.method(request.method.rawValue)
        rawPath = request.uri.path
        let rest = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst(fixedSegments + 1).joined(separator: "/")
        path = redaction.path(route: route, rest: rest)
        self.provider = provider
        self.target = target
        // A caller's request id is echoed only if it looks generated; otherwise the node's own.
        requestID = LogRedaction.requestID(request.headers[ExchangeHeaders.requestID]) ?? UUID().uuidString.lowercased()
    }

    func event(status: Int, bytes: Int, code: String? = nil) -> AuditEvent {
        var details = ["method": method, "path": path, "provider": provider, "target": target, "status": String(status),
                       "bytes": String(bytes), "requestId": requestID, "durationMs": Self.milliseconds(ContinuousClock.now - started)]
        if let consumer { details["consumer"] = consumer }
        if let purpose { details["purpose"] = purpose }
        if let purposeHash { details["purposeHash"] = purposeHash }
        if let agreement { details["agreement"] = agreement }
        if let subjectHash { details["subject"] = subjectHash }
        if !fields.isEmpty { details["fields"] = fields.joined(separator: ",") }
        if let code { details["code"] = code }
        let consumerAgency = consumer.map { String($0.prefix { $0 != "/" }) }
        return AuditEvent(kind: code == nil ? "exchange.call" : "exchange.refused", at: at, actor: consumer,
                          subject: "exchange/\(provider)/\(target)", agencies: [consumerAgency, provider].compactMap { $0 },
                          details: details)
    }

    /// `elapsed` in milliseconds with three decimals (`12.345`), without `String(format:)`,
    /// which cost more than the rest of the event.
    static func milliseconds(_ elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let fraction = String(micros % 1_000)
        return "\(micros / 1_000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
