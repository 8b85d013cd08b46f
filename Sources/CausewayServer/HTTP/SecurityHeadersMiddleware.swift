import HTTPTypes
import Hummingbird

/// The headers every browser-facing answer carries, set in one place so no route can forget
/// them:
///
/// - every response: `X-Content-Type-Options: nosniff` (a JSON answer is never run as a
///   script) and `Referrer-Policy: no-referrer` (no address with a dataset or a person in it
///   leaks to another site);
/// - HTML: a `Content-Security-Policy` allowing this origin only and no framing;
/// - answers to authenticated requests, and the answers that issue credentials:
///   `Cache-Control: no-store`, unless the route chose otherwise, so that neither a shared
///   cache nor the browser's keeps a token or restricted data;
/// - `Strict-Transport-Security` when the node's public URL is https.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether the deployment is served over https (its public URL says so).
    let https: Bool

    static var contentSecurityPolicy: String {
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    /// Paths whose answers carry a secret whatever the request looked like.
    static func issuesCredentials(_ path: String) -> Bool {
        path == "/oauth/token" || path == "/api/v1/session" || path.hasSuffix("/secrets")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        if response.headers[.cacheControl] == nil,
           request.headers[.authorization] != nil || Self.issuesCredentials(request.uri.path) {
            response.headers[.cacheControl] = "no-store"
        }
        if https {
            response.headers[.strictTransportSecurity] = "max-age=31536000"
        }
        return response
    }
}
