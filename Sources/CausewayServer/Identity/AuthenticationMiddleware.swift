import CausewayCore
import CausewayStore
import Hummingbird

/// Reads `Authorization: Bearer …` when present and puts the user in the context. A request
/// without the header passes through anonymous (routes decide whether that is enough); a
/// request with a bad token is refused, because a client that sent credentials expects them
/// to count.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = CausewayContext
    let tokens: SessionTokens
    let users: UserRepository
    /// CKAN clients send the token alone (`Authorization: <token>`, ckanapi also as
    /// `X-CKAN-API-Key`); the CKAN paths accept that, the rest of the API wants `Bearer`.
    var acceptsCKANKey = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let ckanKey = acceptsCKANKey ? request.headers[.xCKANAPIKey] : nil
        guard let header = request.headers[.authorization] ?? ckanKey else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        let token: Substring
        if parts.count == 2, parts[0].lowercased() == "bearer" {
            token = parts[1]
        } else if acceptsCKANKey, parts.count == 1 {
            token = parts[0]
        } else {
            throw Problem.authInvalid("Use the Bearer scheme: 'Authorization: Bearer <token>'.")
        }
        let session: (username: String, generation: Int64)
        do {
            session = try await tokens.verify(String(token))
        } catch {
            throw Problem.authInvalid("The token is invalid or has expired; sign in again.")
        }
        guard let found = try await users.find(session.username) else {
            throw Problem.authInvalid("The token's user no longer exists.")
        }
        guard found.sessionGeneration == session.generation else {
            throw Problem.authInvalid("This session has ended (signed out, or the password or roles changed); sign in again.")
        }
        var context = context
        context.user = found.user
        return try await next(request, context)
    }
}
