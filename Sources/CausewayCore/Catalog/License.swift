/// A licence a dataset can be published under. Catalogues that accept free-text licences end
/// up with forty spellings of "CC BY"; Causeway accepts only identifiers from this list so the
/// licence facet means something.
public struct License: Sendable, Hashable {
    public let id: String
    public let title: String
    public let url: String
    /// Whether the licence meets the Open Definition (CKAN's `isopen`).
    public let isOpen: Bool

    public static let all: [License] = [
        License(id: "CC-BY-4.0", title: "Creative Commons Attribution 4.0",
                url: "https://creativecommons.org/licenses/by/4.0/", isOpen: true),
        License(id: "CC0-1.0", title: "Creative Commons CCZero 1.0",
                url: "https://creativecommons.org/publicdomain/zero/1.0/", isOpen: true),
        License(id: "CC-BY-SA-4.0", title: "Creative Commons Attribution Share-Alike 4.0",
                url: "https://creativecommons.org/licenses/by-sa/4.0/", isOpen: true),
        License(id: "ODbL-1.0", title: "Open Data Commons Open Database License 1.0",
                url: "https://opendatacommons.org/licenses/odbl/1-0/", isOpen: true),
        License(id: "OGL-3.0", title: "Open Government Licence 3.0",
                url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", isOpen: true),
        License(id: "restricted", title: "Restricted: shared only under a data sharing agreement",
                url: "", isOpen: false),
    ]

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func named(_ id: String) -> License? { byID[id] }
}
