import CausewayCore
import Hummingbird

/// The HTML side of a node: the parsed templates, the assets' version and the site's title,
/// with the one way to turn a view into a response. Both the portal and the console render
/// through it, so every page has the same layout, headers and error handling.
///
/// Immutable; shared across tasks.
struct Pages: Sendable {
    let library: PageLibrary
    let assets: StaticAssets
    let site: String

    /// The chrome of a page in `section`; `user` is the signed-in person, `csrf` the token their
    /// forms carry.
    func chrome(_ title: String, section: PageSection, user: User? = nil, csrf: String? = nil, notice: String? = nil) -> PageChrome {
        func link(_ href: String, _ label: String, _ linked: PageSection) -> PageChrome.Link {
            .init(href: href, label: label, current: linked == section)
        }
        var nav = [link("/datasets", "Datasets", .datasets), link("/registries", "Registries", .registries), link("/agencies", "Agencies", .agencies),
                   link("/transparency", "Transparency", .transparency), link("/api", "API", .api)]
        var consoleNav: [PageChrome.Link] = []
        if let user {
            consoleNav = [link("/console", "Inbox", .inbox), link("/console/agreements", "Agreements", .agreements),
                          link("/console/datasets", "My datasets", .myDatasets), link("/console/registries", "My registries", .myRegistries),
                          link("/console/systems", "Systems", .systems),
                          link("/console/traffic", "Traffic", .traffic), link("/console/privacy", "Private statistics", .privacy),
                          link("/console/linkage", "Record linkage", .linkage)]
            if user.memberships.contains(where: { $0.role == .tracer }) {
                consoleNav.append(link("/console/tracing", "Contact tracing", .tracing))
            }
            if user.isOperator { consoleNav.append(link("/console/operator", "Operations", .operations)) }
        } else {
            nav.append(link("/console", "Sign in", .inbox))
        }
        return PageChrome(title: title, site: site, assets: assets.version, nav: nav, consoleNav: consoleNav,
                          user: user?.displayName, csrf: csrf, notice: notice)
    }

    /// The page `template` as an HTML response. Console pages are personal, so they are never
    /// cached; public pages may be, briefly.
    func page(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok, personal: Bool = false) -> Response {
        response(html(template, view), status: status, personal: personal)
    }

    /// The page `template` rendered, for a caller that keeps it.
    func html(_ template: String, _ view: Any) -> ByteBuffer {
        ByteBuffer(string: library.render(template, view))
    }

    /// Rendered HTML as a response (see ``page(_:_:status:personal:)``).
    func response(_ html: ByteBuffer, status: HTTPResponse.Status = .ok, personal: Bool = false) -> Response {
        Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: personal ? "no-store" : "public, max-age=10",
        ], body: .init(byteBuffer: html))
    }

    /// A redirect after a form's POST (303, so the browser GETs the new page).
    static func seeOther(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
