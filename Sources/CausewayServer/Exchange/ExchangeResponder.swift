import CausewayCore
import Hummingbird
import NIOCore

/// Finishes every gateway call, answered or refused: commits the call's audit event to the
/// transparency log, then answers with the protocol's headers (`Causeway-Audit-Index`,
/// `Causeway-Request-Id`, and `Causeway-Agreement` once an agreement is known).
///
/// Invariant: no gateway answer leaves without its committed log entry. Both routes (hosted
/// records and the upstream proxy) answer only through this type, so the rule and the headers
/// live in one place. Stateless and `Sendable`; the wait for the commit is the caller's.
struct ExchangeResponder: Sendable {
    let audit: AuditWriter

    /// An answered call: `body` with `status` and `headers`, once the event is committed.
    func answer(_ call: ExchangeCall, status: HTTPResponse.Status = .ok, headers: HTTPFields, body: ByteBuffer) async throws -> Response {
        let index = try await audit.append(call.event(status: Int(status.code), bytes: body.readableBytes))
        var headers = headers
        Self.stamp(&headers, call: call, index: index)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// An answered call whose body streams on after the answer starts (a registry's feed): the
    /// event records the opening; what the stream carries is bounded by the same agreement.
    func answer(_ call: ExchangeCall, headers: HTTPFields, stream body: ResponseBody) async throws -> Response {
        let index = try await audit.append(call.event(status: 200, bytes: 0))
        var headers = headers
        Self.stamp(&headers, call: call, index: index)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A refused call: the problem `error` maps to, once the refusal's event is committed.
    /// An error no mapping knows is logged here (with the caller's path, which the public log
    /// never sees) and answered as a 500 without detail.
    func refuse(_ error: any Error, call: ExchangeCall, context: CausewayContext) async throws -> Response {
        let problem: Problem
        if let mapped = ProblemMapping.problem(for: error) {
            problem = mapped
        } else {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(call.rawPath)"])
            problem = ProblemMapping.internalError
        }
        var response = ProblemResponse.make(problem, path: call.rawPath)
        let index = try await audit.append(call.event(status: problem.status, bytes: response.body.contentLength ?? 0, code: problem.code))
        Self.stamp(&response.headers, call: call, index: index)
        return response
    }

    private static func stamp(_ headers: inout HTTPFields, call: ExchangeCall, index: Int64) {
        headers[ExchangeHeaders.auditIndex] = String(index)
        headers[ExchangeHeaders.requestID] = call.requestID
        if let agreement = call.agreement { headers[ExchangeHeaders.agreement] = agreement }
    }
}
