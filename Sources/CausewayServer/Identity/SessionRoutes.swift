import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `POST /api/v1/session`: username and password in, bearer token out.
struct SessionRoutes {
    let users: UserRepository
    let tokens: SessionTokens
    let hasher: PasswordHasher
    /// A bcrypt hash of a random string, checked when the username is unknown so that the
    /// response time does not tell which usernames exist.
    let dummyHash: String
    /// Locks a username or an address after too many wrong passwords.
    let throttle: SignInGuard

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
        try await users.endSessions(of: user.username)
        return Response(status: .noContent)
    }

    @Sendable func login(_ request: Request, context: CausewayContext) async throws -> Response {
        let login = try await StrictJSON.decode(Login.self, from: request, limit: 16 * 1024)
        let address = throttle.address(of: request, context: context)
        try await throttle.admit(.username, login.username, address: address)
        // The same answer and (through a dummy hash) similar time whether the user exists or not.
        let found = Username.isValid(login.username) ? try await users.find(login.username) : nil
        let hash = found?.passwordHash ?? dummyHash
        let matches = try await hasher.verify(login.password, hash: hash)
        guard let found, matches else {
            try await throttle.failed(.username, login.username, address: address, door: .session)
            throw Problem.authInvalid("Unknown username or wrong password.")
        }
        try await throttle.succeeded(.username, login.username)
        let issued = try await tokens.issue(for: found.user.username, generation: found.sessionGeneration)
        return try JSONResponse.make(Session(token: issued.token, expiresAt: issued.expires, user: found.user), status: .created)
    }

    @Sendable func whoAmI(_ request: Request, context: CausewayContext) async throws -> User {
        try context.requireUser()
    }
}

extension User: ResponseEncodable {}
