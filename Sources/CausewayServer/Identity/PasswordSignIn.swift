import CausewayCore
import CausewayStore
import Foundation

/// Checks a username and password and opens a session: the one sign-in the API's
/// `POST /api/v1/session` and the console's form share, so both are throttled, timed and
/// audited alike.
///
/// Unknown usernames are checked against a dummy hash, so the answer and its time do not
/// tell which usernames exist.
struct PasswordSignIn: Sendable {
    let users: UserRepository
    let tokens: SessionTokens
    let hasher: PasswordHasher
    /// A bcrypt hash of a random string (see above).
    let dummyHash: String
    /// Locks a username or an address after too many wrong passwords.
    let throttle: SignInGuard

    struct Opened: Sendable {
        var user: User
        var token: String
        var expires: Date
    }

    /// A session for the user, or `auth.invalid` (wrong pair) or `auth.throttled` (locked).
    func signIn(username: String, password: String, address: String) async throws -> Opened {
        try await throttle.admit(.username, username, address: address)
        let found = Username.isValid(username) ? try await users.find(username) : nil
        let matches = try await hasher.verify(password, hash: found?.passwordHash ?? dummyHash)
        guard let found, matches else {
            try await throttle.failed(.username, username, address: address, door: .session)
            throw Problem.authInvalid("Unknown username or wrong password.")
        }
        try await throttle.succeeded(.username, username)
        let issued = try await tokens.issue(for: found.user.username, generation: found.sessionGeneration)
        return Opened(user: found.user, token: issued.token, expires: issued.expires)
    }

    /// The user a session token belongs to, while the session lasts (not signed out, password
    /// and roles unchanged since); nil otherwise.
    func user(of token: String) async throws -> User? {
        guard let session = try? await tokens.verify(token), let found = try await users.find(session.username),
              found.sessionGeneration == session.generation else { return nil }
        return found.user
    }
}
