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
    case home, datasets, agencies, transparency, api
    case inbox, agreements, myDatasets, systems, traffic, operations
}
