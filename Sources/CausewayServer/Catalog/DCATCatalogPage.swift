import CausewayCore
import CausewayStore
import Foundation

/// One page of the DCAT catalogue, as ckanext-dcat pages its catalogue endpoint: `?page=N`
/// (from 1) of `page_size` datasets (100 by default, as there; at most 1,000), optionally only
/// those modified at or after `modified_since`, described by a `hydra:PagedCollection` node
/// whose `hydra:next` (and `hydra:nextPage`) a harvester follows to the end.
///
/// Why pages: a national catalogue as one document is gigabytes, and a harvester that fails
/// half-way would start again. Datasets are in name order, which a change to a dataset does
/// not reorder. Value type.
struct DCATCatalogPage {
    var number: Int
    var size: Int
    var modifiedSince: Date?

    static let defaultSize = 100
    static let maxSize = 1_000

    init(number: Int = 1, size: Int = defaultSize, modifiedSince: Date? = nil) {
        self.number = number
        self.size = size
        self.modifiedSince = modifiedSince
    }

    init(_ parameters: QueryParameters, now: Date) throws {
        try parameters.only(["page", "page_size", "modified_since"])
        number = try parameters.int("page", default: 1, range: 1...Int(Int32.max))
        size = try parameters.int("page_size", default: Self.defaultSize, range: 1...Self.maxSize)
        if let text = parameters.string("modified_since") {
            guard let date = Timestamp.date(text) ?? (try? SolrDateMath.date(text.hasSuffix("Z") || text.hasPrefix("NOW") ? text : text + "Z", now: now)) else {
                throw Problem.badParameter("modified_since", "must be a date and time such as 2026-01-31T00:00:00Z")
            }
            modifiedSince = date
        }
    }

    var query: DatasetQuery {
        DatasetQuery(condition: modifiedSince.map { .dates(.modified, .init(lower: $0, upper: nil)) } ?? .all,
                     sort: .nameAscending, offset: (number - 1) * size, limit: size)
    }

    /// The Hydra description of this page among `total` datasets, with links to the first,
    /// last, previous and next pages at `address` (the catalogue in the requested format).
    /// Literals, as ckanext-dcat writes them and its harvester reads them.
    func hydra(total: Int, address: String) -> JSONValue {
        let last = max(1, (total + size - 1) / size)
        func link(_ page: Int) -> JSONValue {
            var parameters = ["page=\(page)"]
            if size != Self.defaultSize { parameters.append("page_size=\(size)") }
            if let modifiedSince { parameters.append("modified_since=\(Timestamp.string(modifiedSince))") }
            return .string(address + "?" + parameters.joined(separator: "&"))
        }
        func integer(_ value: Int) -> JSONValue {
            .object(["@value": .string(String(value)), "@type": .string("xsd:integer")])
        }
        var node: [String: JSONValue] = [
            "@id": link(number), "@type": .string("hydra:PagedCollection"),
            "hydra:totalItems": integer(total), "hydra:itemsPerPage": integer(size),
        ]
        // Each link under Hydra's current name and its older `…Page` one, as ckanext-dcat
        // writes them: its harvester reads `next` first, older harvesters `nextPage`.
        var links = [("first", 1), ("last", last)]
        if number < last { links.append(("next", number + 1)) }
        if number > 1 { links.append(("previous", min(number - 1, last))) }
        for (name, page) in links {
            node["hydra:\(name)"] = link(page)
            node["hydra:\(name)Page"] = link(page)
        }
        return .object(node)
    }
}
