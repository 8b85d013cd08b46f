import Hummingbird

/// Turns a refusal on a page into a page (and a console page's missing session into a
/// redirect to the sign-in form): a person who follows a stale link or types a bad
/// address reads what went wrong in words, inside the site's layout, with the same status a
/// client would get. API paths keep their problem+json (this middleware is on the page groups
/// only), and so does a page's script that asks for JSON (the console's upload), so it can say
/// why it was refused.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = CausewayContext
    let pages: Pages

    struct View {
        var chrome: PageChrome
        var heading: String
        var detail: String?
        var status: Int
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as PageRedirect {
            return Pages.seeOther(redirect.location)
        } catch {
            guard let problem = ProblemMapping.problem(for: error) else { throw error }
            if AcceptHeader(request.headers[.accept]).choose(["text/html", "application/json"]) == "application/json" { throw problem }
            let view = View(chrome: pages.chrome(problem.title, section: .home), heading: problem.title,
                            detail: problem.detail, status: problem.status)
            return pages.page("problem", view, status: .init(code: problem.status), personal: true)
        }
    }
}
