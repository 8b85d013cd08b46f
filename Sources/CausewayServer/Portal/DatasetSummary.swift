import CausewayCore
import Mustache

/// A dataset as a line of a list: on the home page, in search results, on an agency's page.
struct DatasetSummary: Sendable {
    var href: String
    var title: String
    var excerpt: String
    var publisher: String
    var publisherHref: String
    var access: String
    /// `public`, `restricted` or `personal`, for the badge's style.
    var accessClass: String
    var modified: String
    var modifiedISO: String
    var formats: String

    init(_ dataset: Dataset, snapshot: CatalogSnapshot) {
        href = "/datasets/\(dataset.name)"
        title = dataset.title
        excerpt = PageText.excerpt(dataset.description)
        publisher = snapshot.agency(dataset.publisher)?.name ?? dataset.publisher
        publisherHref = "/agencies/\(dataset.publisher)"
        access = dataset.accessRights.label
        accessClass = dataset.accessRights.rawValue
        modified = PageText.date(dataset.modified)
        modifiedISO = UTCTime(dataset.modified).date
        formats = dataset.formats.joined(separator: ", ")
    }
}

/// A facet value as a link that adds (or, when selected, removes) its filter.
struct FacetLink: Sendable {
    var label: String
    var href: String
    var count: String
    var selected: Bool
}

// The portal's most repeated views answer the templates' lookups directly: the renderer
// otherwise reflects (`Mirror`) on the value for every name it looks up, which was most of a
// search page's cost (see docs/performance.md).
extension DatasetSummary: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "title": title
        case "excerpt": excerpt
        case "publisher": publisher
        case "publisherHref": publisherHref
        case "access": access
        case "accessClass": accessClass
        case "modified": modified
        case "modifiedISO": modifiedISO
        case "formats": formats
        default: nil
        }
    }
}

extension FacetLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        case "count": count
        case "selected": selected
        default: nil
        }
    }
}
