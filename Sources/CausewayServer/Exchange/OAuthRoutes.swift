import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `POST /oauth/token` (RFC 6749 §4.4, client credentials) and `GET /.well-known/jwks.json`.
/// A system authenticates with its client id (`agency/system`) and a secret, by HTTP Basic
/// (`client_secret_basic`) or in the form (`client_secret_post`), and gets a 5-minute token.
/// Errors follow RFC 6749 §5.2, which OAuth clients parse, plus Causeway's problem `code`.
struct OAuthRoutes {
    let tokens: AccessTokens
    let secrets: ClientSecretRepository
    /// Locks a client id or an address after too many wrong secrets.
    let throttle: SignInGuard

    func register(on router: Router<CausewayContext>) {
        router.post("oauth/token", use: token)
        router.get(".well-known/jwks.json") { _, _ in
            JSONResponse.bytes(JSONWriter.bytes(tokens.jwks), headers: [.cacheControl: "public, max-age=60"],
                               contentType: "application/jwk-set+json")
        }
    }

    struct Refusal: Error {
        var status: HTTPResponse.Status
        var error: String
        var description: String
        var basic = false
    }

    @Sendable func token(_ request: Request, context: CausewayContext) async throws -> Response {
        do {
            let form = try await Self.form(request)
            guard let grant = form["grant_type"] else { throw Refusal(status: .badRequest, error: "invalid_request", description: "grant_type is required.") }
            guard grant == "client_credentials" else {
                throw Refusal(status: .badRequest, error: "unsupported_grant_type", description: "Only client_credentials is supported.")
            }
            let (client, secret, basic) = try Self.credentials(request, form)
            let address = throttle.address(of: request, context: context)
            try await throttle.admit(.client, client, address: address)
            let parts = client.split(separator: "/", maxSplits: 1).map(String.init)
            let live = parts.count == 2 ? try await secrets.liveSecrets(agency: parts[0], system: parts[1]) : []
            let presented = ClientSecretFactory.hash(secret)
            guard let match = live.first(where: { $0.hash == presented }) else {
                try await throttle.failed(.client, client, address: address, door: .oauth)
                throw Refusal(status: .unauthorized, error: "invalid_client", description: "Unknown client or wrong secret.", basic: basic)
            }
            try await throttle.succeeded(.client, client)
            let token = try await tokens.issue(for: client, secret: match.id)
            let body: JSONValue = .object(["access_token": .string(token), "token_type": "Bearer",
                                           "expires_in": .number(AccessTokens.lifetime)])
            return JSONResponse.bytes(JSONWriter.bytes(body), headers: [.cacheControl: "no-store", .pragma: "no-cache"])
        } catch let refusal as Refusal {
            var headers: HTTPFields = [.cacheControl: "no-store"]
            if refusal.basic { headers[.wwwAuthenticate] = #"Basic realm="causeway""# }
            let body: JSONValue = .object([
                "error": .string(refusal.error), "error_description": .string(refusal.description),
                "code": .string(refusal.status == .unauthorized ? "auth.invalid" : "request.invalid"),
                "status": .number(Double(refusal.status.code)), "title": .string(refusal.status.reasonPhrase),
            ])
            return JSONResponse.bytes(JSONWriter.bytes(body), status: refusal.status, headers: headers)
        }
    }

    /// The client id and secret, from exactly one of the Basic header and the form.
    static func credentials(_ request: Request, _ form: [String: String]) throws -> (client: String, secret: String, basic: Bool) {
        let inForm = form["client_id"] != nil || form["client_secret"] != nil
        if let header = request.headers[.authorization] {
            guard !inForm else {
                throw Refusal(status: .badRequest, error: "invalid_request", description: "Authenticate with the Basic header or the form, not both.")
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "basic", let decoded = Data(base64Encoded: String(parts[1])),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else {
                throw Refusal(status: .unauthorized, error: "invalid_client", description: "Use 'Authorization: Basic base64(client_id:client_secret)'.", basic: true)
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
            let client = FormEncoding.decode(text[..<colon])
            let secret = FormEncoding.decode(text[text.index(after: colon)...])
            return (client, secret, true)
        }
        guard let client = form["client_id"], let secret = form["client_secret"] else {
            throw Refusal(status: .unauthorized, error: "invalid_client", description: "Send client_id and client_secret, or use HTTP Basic.", basic: true)
        }
        return (client, secret, false)
    }

    /// An `application/x-www-form-urlencoded` body; a parameter given twice is refused (RFC 6749 §3.2).
    static func form(_ request: Request) async throws -> [String: String] {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Refusal(status: .badRequest, error: "invalid_request", description: "Send the parameters as application/x-www-form-urlencoded.")
        }
        let body = try await request.body.collect(upTo: 16 * 1024)
        var form: [String: String] = [:]
        for (name, value) in FormEncoding.pairs(String(buffer: body)) {
            guard form[name] == nil else {
                throw Refusal(status: .badRequest, error: "invalid_request", description: "\(name) is given more than once.")
            }
            form[name] = value
        }
        return form
    }
}
