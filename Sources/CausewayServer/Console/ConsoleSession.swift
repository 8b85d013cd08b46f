import CausewayCore
import Crypto
import Foundation
import Hummingbird

/// The console's cookie session and its CSRF defence.
///
/// The cookie holds the same session token the API's bearer sign-in gives (so signing out
/// anywhere ends both), marked `HttpOnly` (no script reads it), `SameSite=Lax` (no other site's
/// form sends it) and `Secure` when the node is served over https. Every form carries a token
/// derived from the session (``SessionTokens/formToken(for:)``), checked on every POST; the
/// sign-in form, before there is a session, uses a random token in its own short cookie
/// (double submit).
struct ConsoleSession: Sendable {
    static let cookie = "causeway_session"
    static let signInCookie = "causeway_signin"

    let signIn: PasswordSignIn
    let https: Bool

    /// A signed-in person on one request.
    struct Signed: Sendable {
        var user: User
        var token: String
        /// The token this session's forms carry.
        var csrf: String
    }

    /// The request's session, or nil when there is none (or it ended).
    func current(_ request: Request) async throws -> Signed? {
        guard let token = Self.cookie(Self.cookie, in: request), let user = try await signIn.user(of: token) else { return nil }
        return Signed(user: user, token: token, csrf: signIn.tokens.formToken(for: token))
    }

    /// The session, or a redirect to the sign-in page that comes back here afterwards.
    func require(_ request: Request) async throws -> Signed {
        guard let signed = try await current(request) else {
            let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            throw PageRedirect(location: QueryString([("next", back)]).url("/console/sign-in"))
        }
        return signed
    }

    /// A posted form of a signed-in person, after its CSRF token is checked. A token may also
    /// come as `X-CSRF-Token` (the upload script sends the file as the body).
    func requireForm(_ request: Request, limit: Int = 64 * 1024) async throws -> (Signed, ConsoleForm) {
        let signed = try await require(request)
        let form = try await ConsoleForm.read(request, limit: limit)
        let sent = form.value("csrf") ?? request.headers[.xCSRFToken] ?? ""
        guard Self.same(sent, signed.csrf) else { throw Self.csrfProblem }
        return (signed, form)
    }

    /// Checks the header token of a request whose body is not a form (an upload).
    func requireHeaderToken(_ request: Request) async throws -> Signed {
        let signed = try await require(request)
        guard Self.same(request.headers[.xCSRFToken] ?? "", signed.csrf) else { throw Self.csrfProblem }
        return signed
    }

    static let csrfProblem = Problem(.forbidden, code: "console.form-expired", title: "This form has expired",
                                     detail: "The page was open too long, or you signed in again meanwhile. Go back, reload the page and try again.")

    /// The one-line confirmation a redirect after a form carries (`?notice=`), bounded.
    static func notice(_ request: Request) -> String? {
        QueryParameters(request).string("notice").map { String($0.prefix(600)) }
    }

    /// `Set-Cookie` for a new session.
    func opening(_ token: String, expires: Date, now: Date) -> String {
        "\(Self.cookie)=\(token); Path=/; Max-Age=\(max(0, Int(expires.timeIntervalSince(now)))); HttpOnly; SameSite=Lax\(https ? "; Secure" : "")"
    }

    /// `Set-Cookie` that removes the session.
    func closing() -> String {
        "\(Self.cookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax\(https ? "; Secure" : "")"
    }

    /// `Set-Cookie` for the sign-in form's token, and the token.
    func signInToken() -> (cookie: String, token: String) {
        let token = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }).base64URLEncoded
        return ("\(Self.signInCookie)=\(token); Path=/console; Max-Age=3600; HttpOnly; SameSite=Lax\(https ? "; Secure" : "")", token)
    }

    /// Whether a sign-in form's token matches its cookie.
    func checkSignInToken(_ form: ConsoleForm, _ request: Request) -> Bool {
        guard let cookie = Self.cookie(Self.signInCookie, in: request) else { return false }
        return Self.same(form.value("csrf") ?? "", cookie)
    }

    /// The value of cookie `name`, if the request carries it.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, String(parts[0]).trimmed == name { return String(parts[1]).trimmed }
            }
        }
        return nil
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

extension Pages {
    /// The chrome of a console page for the signed-in person.
    func chrome(_ title: String, section: PageSection, session: ConsoleSession.Signed, notice: String? = nil) -> PageChrome {
        chrome(title, section: section, user: session.user, csrf: session.csrf, notice: notice)
    }
}
