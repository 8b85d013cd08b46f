import AsyncHTTPClient
import CausewayCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// `/exchange/{provider}/{service}/{path…}`: a call to a provider's upstream API. Admitted by
/// ``ExchangeGate``, checked against the service's methods and paths, forwarded with the
/// gateway's RFC 9421 signature over who calls, why and under which agreement, and answered
/// with the upstream's JSON reduced to the agreed fields — after the audit event is committed.
struct ExchangeProxy {
    let gate: ExchangeGate
    let policy: PolicyService
    let tokens: AccessTokens
    let client: HTTPClient
    let responder: ExchangeResponder

    /// Request bodies above this are refused with 413.
    static let maxRequestBytes = 10 << 20

    /// Headers that belong to one connection (RFC 9110 §7.6.1) or that the gateway sets itself.
    static let dropped: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
        "upgrade", "host", "authorization", "cookie", "content-length", "accept-encoding", "forwarded",
        "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "signature", "signature-input", "content-digest",
    ]
    /// Upstream response headers passed back; everything else stays behind the gateway.
    static let returned: [HTTPField.Name] = [.cacheControl, .eTag, .lastModified]

    func register(on router: Router<CausewayContext>) {
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .head] {
            router.on("exchange/:provider/:service/**", method: method, use: forward)
            router.on("exchange/:provider/:service", method: method, use: forward)
        }
    }

    @Sendable func forward(_ request: Request, context: CausewayContext) async throws -> Response {
        let provider = try context.parameters.require("provider")
        let code = try context.parameters.require("service")
        // A service that is not registered is whatever the caller typed: logged opaque.
        let known = policy.snapshot.service(provider: provider, code: code)
        let redaction = gate.redaction
        let loggedProvider = known == nil ? redaction.opaque(provider) : provider
        let loggedCode = known == nil ? redaction.opaque(code) : code
        var call = ExchangeCall(request: request, at: gate.clock(), provider: loggedProvider, target: "services/" + loggedCode,
                                route: "/exchange/\(loggedProvider)/\(loggedCode)", fixedSegments: 3, redaction: redaction)
        do {
            guard let service = known else {
                throw Problem.notFound("service", "\(provider)/\(code)")
            }
            let grant = try await gate.admit(request, call: &call, target: .service(code))
            // The raw (still percent-encoded) path below the service, so that nothing is decoded twice.
            let prefix = "/exchange/\(provider)/\(code)"
            let rawPath = String(request.uri.path.dropFirst(prefix.count))
            let target: UpstreamAPI.Target
            do {
                target = try service.upstreamURL(rawPath: rawPath, query: request.uri.query)
            } catch {
                guard case .unsafe(let reason) = error else { throw error }
                throw Problem(.badRequest, code: "request.invalid", title: "The path is not allowed", detail: reason)
            }
            guard service.methods.contains(request.method.rawValue) else {
                throw Problem(.methodNotAllowed, code: "route.method", title: "Method not allowed",
                              detail: "Service \(provider)/\(code) accepts \(service.methods.joined(separator: ", ")).")
            }
            guard service.allows(path: target.path) else {
                throw Problem(.forbidden, code: "agreement.none", title: "Path not exposed",
                              detail: "Service \(provider)/\(code) does not expose \(target.path).")
            }
            let upstream = try await send(request, to: target, service: service, call: call)
            return try await answer(upstream, service: service, grant: grant, call: &call)
        } catch {
            return try await responder.refuse(error, call: call, context: context)
        }
    }

    private func send(_ request: Request, to target: UpstreamAPI.Target, service: UpstreamAPI,
                      call: ExchangeCall) async throws -> HTTPClientResponse {
        var outgoing = HTTPClientRequest(url: target.url)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        let connectionTokens = Set((request.headers[.connection] ?? "").split(separator: ",").map {
            String($0).trimmingBlanks.lowercased()
        })
        for field in request.headers {
            let name = field.name.canonicalName
            guard !Self.dropped.contains(name), !connectionTokens.contains(name), !name.hasPrefix("causeway-") else { continue }
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        let client = call.consumer ?? ""
        let purpose = call.purpose ?? ""
        let agreement = call.agreement ?? ""
        outgoing.headers.add(name: ExchangeHeaders.client.rawName, value: client)
        outgoing.headers.add(name: ExchangeHeaders.purpose.rawName, value: purpose)
        outgoing.headers.add(name: ExchangeHeaders.agreement.rawName, value: agreement)
        outgoing.headers.add(name: ExchangeHeaders.requestID.rawName, value: call.requestID)
        // A body is read whole (it is bounded) so that its digest can be signed with it: the
        // provider then knows the body is the one the consumer sent through the gateway.
        var digest: String?
        if request.method != .get, request.method != .head {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxRequestBytes { throw ProblemMapping.tooLarge }
            let body = try await request.body.collect(upTo: Self.maxRequestBytes)
            if body.readableBytes > 0 || request.headers[.contentLength] != nil {
                digest = MessageSignature.contentDigest(of: body.readableBytesView)
                outgoing.headers.add(name: HTTPField.Name.contentDigest.rawName, value: digest ?? "")
            }
            outgoing.body = .bytes(body)
        }
        if let (kid, key) = tokens.requestSigningKey {
            let signature = MessageSignature(method: request.method.rawValue, path: target.sentPath, query: target.query,
                                             client: client, purpose: purpose, agreement: agreement, contentDigest: digest,
                                             created: Int(call.at.timeIntervalSince1970), keyID: kid)
            let (input, value) = try signature.headers(signingWith: key)
            outgoing.headers.add(name: HTTPField.Name.signatureInput.rawName, value: input)
            outgoing.headers.add(name: HTTPField.Name.signature.rawName, value: value)
        }
        do {
            return try await self.client.execute(outgoing, timeout: .milliseconds(Int64(service.timeoutSeconds * 1_000)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw Problem(.gatewayTimeout, code: "upstream.timeout", title: "The provider did not answer in time",
                          detail: "Service \(service.provider)/\(service.code) did not answer within \(service.timeoutSeconds) s.")
        } catch let error as Problem {
            throw error
        } catch {
            throw Problem(.badGateway, code: "upstream.unavailable", title: "The provider could not be reached",
                          detail: "Service \(service.provider)/\(service.code) is unavailable.")
        }
    }

    private func answer(_ upstream: HTTPClientResponse, service: UpstreamAPI, grant: PolicyDecision.Grant,
                        call: inout ExchangeCall) async throws -> Response {
        let status = Int(upstream.status.code)
        guard (200..<300).contains(status) else {
            // The upstream's own error body may hold data; only its status passes.
            let problem = status >= 500
                ? Problem(.badGateway, code: "upstream.unavailable", title: "The provider failed", detail: "Service \(service.provider)/\(service.code) answered \(status).")
                : Problem(HTTPResponse.Status(code: status), code: "upstream.refused", title: "The provider refused the call",
                          detail: "Service \(service.provider)/\(service.code) answered \(status).")
            throw problem
        }
        let contentType = upstream.headers.first(name: "content-type")?.lowercased() ?? ""
        let body: ByteBuffer
        do {
            body = try await upstream.body.collect(upTo: service.maxResponseBytes)
        } catch {
            throw Problem(.badGateway, code: "upstream.unavailable", title: "The provider's answer is too large",
                          detail: "Answers from \(service.provider)/\(service.code) are limited to \(service.maxResponseBytes) bytes.")
        }
        var headers: HTTPFields = [.cacheControl: "no-store"]
        var out = ByteBuffer()
        if body.readableBytes > 0 || status != 204 {
            let isJSON = contentType.hasPrefix("application/json") || contentType.containsBytes(of: "+json")
            if isJSON, let reduced = JSONFieldFilter(allowed: Set(grant.fields)).reduce(Array(buffer: body)) {
                call.fields = reduced.fields
                out = ByteBuffer(bytes: reduced.bytes)
                headers[.contentType] = JSONResponse.contentType
            } else if !isJSON, grant.wholeResponses {
                // The agreement lets this service's other answers (documents, images) pass whole.
                call.fields = ["(whole response)"]
                out = body
                headers[.contentType] = contentType.isEmpty ? "application/octet-stream" : contentType
            } else {
                throw Problem(.badGateway, code: "upstream.not-json", title: "The provider's answer cannot be reduced",
                              detail: "The gateway passes JSON objects and arrays, reduced to the agreed fields; this answer is not one, and the agreement does not allow whole responses.")
            }
        }
        for name in Self.returned { if let value = upstream.headers.first(name: name.rawName) { headers[name] = value } }
        return try await responder.answer(call, status: .init(code: status), headers: headers, body: out)
    }
}
