import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `POST /api/v1/session`: username and password in, bearer token out.
struct SessionRoutes {
    let signIn: PasswordSignIn

    struct Login: Codable {
        var username: String
        var password: String
    }

    struct Session: Codable {
        var token: String
        var tokenType = "Bearer"
        var expiresAt: Date
        var user: User
    }

    func register(on group: RouterGroup<CausewayContext>) {
        group.post("session", use: login)
        group.get("session", use: whoAmI)
        group.delete("session", use: signOut)
    }

    /// Signs out: every session of the user ends, on every node, from this answer on.
    @Sendable func signOut(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        try await signIn.users.endSessions(of: user.username)
        return Response(status: .noContent)
    }

    @Sendable func login(_ request: Request, context: CausewayContext) async throws -> Response {
        let login = try await StrictJSON.decode(Login.self, from: request, limit: 16 * 1024)
        let opened = try await signIn.signIn(username: login.username, password: login.password,
                                             address: signIn.throttle.address(of: request, context: context))
        return try JSONResponse.make(Session(token: opened.token, expiresAt: opened.expires, user: opened.user), status: .created)
    }

    @Sendable func whoAmI(_ request: Request, context: CausewayContext) async throws -> User {
        try context.requireUser()
    }
}

extension User: ResponseEncodable {}
