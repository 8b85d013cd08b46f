import CausewayCore
import Foundation
import Hummingbird

/// `/console/sign-in` and `/console/sign-out`: the cookie session's doors. The sign-in is the
/// API's (same throttle, same audit of locks), and a wrong password is answered on the form,
/// next to the fields, in words.
struct ConsoleSignInRoutes {
    let pages: Pages
    let session: ConsoleSession
    let clock: @Sendable () -> Date

    struct View {
        var chrome: PageChrome
        var csrf: String
        var next: String
        var username: String
        var error: String?
    }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/sign-in", use: form)
        group.post("console/sign-in", use: signIn)
        group.post("console/sign-out", use: signOut)
    }

    /// Only console addresses are followed after sign-in, so a crafted link cannot send a
    /// person elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\") else { return "/console" }
        return next
    }

    @Sendable func form(_ request: Request, context: CausewayContext) async throws -> Response {
        let next = Self.safeNext(QueryParameters(request).string("next"))
        if try await session.current(request) != nil { return Pages.seeOther(next) }
        return render(next: next, username: "", error: nil, status: .ok)
    }

    private func render(next: String, username: String, error: String?, status: HTTPResponse.Status) -> Response {
        let (cookie, token) = session.signInToken()
        let view = View(chrome: pages.chrome(error == nil ? "Sign in" : "Sign in: error", section: .inbox), csrf: token, next: next,
                        username: username, error: error)
        var response = pages.page("console_sign_in", view, status: status, personal: true)
        response.headers[.setCookie] = cookie
        return response
    }

    @Sendable func signIn(_ request: Request, context: CausewayContext) async throws -> Response {
        let form = try await ConsoleForm.read(request, limit: 16 * 1024)
        let next = Self.safeNext(form.value("next"))
        let username = form.value("username") ?? ""
        guard session.checkSignInToken(form, request) else {
            return render(next: next, username: username, error: "The sign-in form had expired. Please try again.", status: .forbidden)
        }
        do {
            let opened = try await session.signIn.signIn(username: username, password: form.values["password"]?.last ?? "",
                                                         address: session.signIn.throttle.address(of: request, context: context))
            return Pages.seeOther(next, headers: [.setCookie: session.opening(opened.token, expires: opened.expires, now: clock())])
        } catch let problem as Problem where problem.code == "auth.invalid" {
            return render(next: next, username: username, error: "The username or the password is not right.", status: .unauthorized)
        } catch let problem as Problem where problem.code == "auth.throttled" {
            let wait = problem.retryAfter.map { PageText.duration(TimeInterval($0)) } ?? "a while"
            return render(next: next, username: username,
                          error: "Too many wrong passwords for this name or from this address. Try again in \(wait).", status: .tooManyRequests)
        }
    }

    @Sendable func signOut(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        try await session.signIn.users.endSessions(of: signed.user.username)
        return Pages.seeOther("/", headers: [.setCookie: session.closing()])
    }
}
