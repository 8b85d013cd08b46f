import Hummingbird

/// Refuses a request whose target or headers are larger than any legitimate client sends,
/// before a route sees it — so nothing oversized is ever forwarded upstream by the gateway:
/// `414 request.uri-too-long` above ``maxTargetBytes``, `431 request.headers-too-large` above
/// ``maxHeaderBytes`` in all. Each is a problem, like every other refusal.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxTargetBytes: Int { 8 * 1024 }
    static var maxHeaderBytes: Int { 16 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.uri.description.utf8.count
        guard target <= Self.maxTargetBytes else {
            throw Problem(.uriTooLong, code: "request.uri-too-long", title: "The request target is too long",
                          detail: "The path and query are \(target) bytes; at most \(Self.maxTargetBytes) are accepted. Send large queries as a POST body.")
        }
        var headers = 0
        for field in request.headers { headers += field.name.rawName.utf8.count + field.value.utf8.count + 4 }
        guard headers <= Self.maxHeaderBytes else {
            throw Problem(.requestHeaderFieldsTooLarge, code: "request.headers-too-large", title: "The request headers are too large",
                          detail: "The headers are \(headers) bytes; at most \(Self.maxHeaderBytes) are accepted.")
        }
        return try await next(request, context)
    }
}
