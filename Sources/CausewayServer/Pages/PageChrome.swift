import Mustache

/// What the layout shows around every page: the title, the navigation with the current
/// section marked, the signed-in person and the CSRF token their forms carry.
///
/// A value per page, built by ``Pages/chrome(_:section:session:)``; templates read its
/// stored properties by name (`{{chrome.title}}`).
struct PageChrome: Sendable {
    struct Link: Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    var title: String
    var site: String
    /// ``StaticAssets/version``, for the stylesheet's and scripts' addresses.
    var assets: String
    var nav: [Link]
    /// The console's own navigation, when signed in.
    var consoleNav: [Link]
    /// The signed-in person's display name.
    var user: String?
    /// The token every console form posts back (see ``ConsoleSession``).
    var csrf: String?
    /// A one-line confirmation of what the last action did.
    var notice: String?
}

/// The portal's and console's sections, for the navigation's `aria-current`.
enum PageSection: String, Sendable {
    case home, datasets, registries, agencies, transparency, api
    case inbox, agreements, myDatasets, myRegistries, systems, traffic, tracing, privacy, linkage, operations
}

// Every page's layout reads these (see `DatasetSummary`'s conformance for why).
extension PageChrome: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "site": site
        case "assets": assets
        case "nav": nav
        case "consoleNav": consoleNav
        case "user": user
        case "csrf": csrf
        case "notice": notice
        default: nil
        }
    }
}

extension PageChrome.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "label": label
        case "current": current
        default: nil
        }
    }
}
