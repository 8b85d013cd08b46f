import CausewayCore
import Foundation
import Mustache

/// `/datasets/{id}`: everything a reader needs to judge and use one dataset. The metadata and
/// schema for everyone; for open hosted data a preview (sortable and filterable by column,
/// without a script) and downloads; ready-to-copy API snippets; and for restricted and personal
/// data who may use it under which active agreement, with the way to ask for access.
struct DatasetPage {
    struct Fact {
        var term: String
        var value: String
        var href: String?
    }

    struct SchemaField {
        var name: String
        var type: String
        var description: String
        var required: Bool
    }

    struct DistributionView {
        var title: String
        var format: String
        var description: String?
        var fields: [SchemaField]
        var hasSchema: Bool
        var download: String?
    }

    struct Snippet {
        var id: String
        var label: String
        var code: String
    }

    struct UseView {
        var consumer: String
        var consumerHref: String
        var purpose: String
        var purposeCode: String
        var legalBasis: String
        var until: String
    }

    var chrome: PageChrome
    var title: String
    var description: String
    var publisher: String
    var publisherHref: String
    var access: String
    var accessClass: String
    var isOpen: Bool
    var personal: Bool
    var facts: [Fact]
    var keywords: [FacetLink]
    var distributions: [DistributionView]
    var preview: DatasetPreview?
    /// A release's noisy tables, each figure with its accuracy.
    var released: ReleasedFigures?
    var snippets: [Snippet]
    var uses: [UseView]
    var hasUses: Bool
    var requestHref: String
    var jsonLD: String

    init(chrome: PageChrome, dataset: Dataset, snapshot: CatalogSnapshot, agreements: [Agreement], preview: DatasetPreview?,
         released: ReleasedFigures? = nil, baseURL: String, now: Date) {
        self.chrome = chrome
        title = dataset.title
        description = dataset.description
        publisher = snapshot.agency(dataset.publisher)?.name ?? dataset.publisher
        publisherHref = "/agencies/\(dataset.publisher)"
        access = dataset.accessRights.label
        accessClass = dataset.accessRights.rawValue
        isOpen = dataset.accessRights == .public
        personal = dataset.accessRights == .personal
        let license = License.named(dataset.license)
        var facts = [
            Fact(term: "Publisher", value: publisher, href: publisherHref),
            Fact(term: "Licence", value: license?.title ?? dataset.license, href: license.flatMap { $0.url.isEmpty ? nil : $0.url }),
            Fact(term: "Access", value: access, href: nil),
            Fact(term: "Updated", value: dataset.accrualPeriodicity.label, href: nil),
            Fact(term: "Themes", value: dataset.themes.map(\.label).joined(separator: "; "), href: nil),
            Fact(term: "Last modified", value: PageText.date(dataset.modified), href: nil),
            Fact(term: "First published", value: PageText.date(dataset.issued), href: nil),
        ]
        if let temporal = dataset.temporal {
            facts.append(Fact(term: "Covers", value: "\(temporal.start) to \(temporal.end ?? "now")", href: nil))
        }
        if let spatial = dataset.spatial { facts.append(Fact(term: "Area", value: spatial, href: nil)) }
        if let contact = dataset.contactPoint { facts.append(Fact(term: "Contact", value: contact.name, href: "mailto:" + contact.email)) }
        keywords = dataset.keywords.map {
            FacetLink(label: $0, href: QueryString([("keyword", $0)]).url("/datasets"), count: "", selected: false)
        }
        let name = dataset.name
        distributions = dataset.distributions.map { distribution in
            DistributionView(
                title: distribution.title, format: distribution.format, description: distribution.description,
                fields: distribution.schema?.fields.map { field in
                    SchemaField(name: field.name, type: field.type.rawValue, description: field.description ?? field.title ?? "",
                                required: field.constraints?.required ?? false)
                } ?? [],
                hasSchema: distribution.schema != nil,
                download: distribution.downloadURL)
        }
        self.preview = preview
        self.released = released
        self.facts = facts + (released?.facts ?? [])
        let records = "\(baseURL)/api/v1/datasets/\(name)/records"
        if isOpen {
            snippets = [
                Snippet(id: "curl", label: "curl", code: "curl '\(records)?limit=5'"),
                Snippet(id: "ckanapi", label: "ckanapi", code: "ckanapi action package_show id=\(name) -r \(baseURL)"),
                Snippet(id: "python", label: "Python (requests)", code: """
                    import requests

                    answer = requests.get("\(records)", params={"limit": 5})
                    answer.raise_for_status()
                    for record in answer.json()["records"]:
                        print(record)
                    """),
            ]
        } else {
            let exchange = "\(baseURL)/exchange/\(dataset.publisher)/datasets/\(name)/records"
            snippets = [
                Snippet(id: "curl", label: "curl (through the gateway)", code: """
                    token=$(curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \(baseURL)/oauth/token | jq -r .access_token)
                    curl -H "Authorization: Bearer $token" -H "Causeway-Purpose: <purpose code>" '\(exchange)?limit=5'
                    """),
                Snippet(id: "ckanapi", label: "ckanapi (metadata)", code: "ckanapi action package_show id=\(name) -r \(baseURL)"),
                Snippet(id: "python", label: "Python (requests)", code: """
                    import requests

                    token = requests.post("\(baseURL)/oauth/token", auth=(CLIENT_ID, CLIENT_SECRET),
                                          data={"grant_type": "client_credentials"}).json()["access_token"]
                    answer = requests.get("\(exchange)", params={"limit": 5},
                                          headers={"Authorization": f"Bearer {token}", "Causeway-Purpose": PURPOSE})
                    print(answer.json())
                    """),
            ]
        }
        uses = agreements.filter { $0.target == .dataset(dataset.id) && $0.state(at: now) == .active }.map { agreement in
            UseView(consumer: snapshot.agency(agreement.consumer)?.name ?? agreement.consumer, consumerHref: "/agencies/\(agreement.consumer)",
                    purpose: agreement.terms.purpose.description, purposeCode: agreement.terms.purpose.code,
                    legalBasis: agreement.terms.legalBasis.citation, until: PageText.date(agreement.terms.validUntil))
        }
        hasUses = !uses.isEmpty
        requestHref = QueryString([("dataset", dataset.id)]).url("/console/agreements/new")
        jsonLD = DCATDocument.datasetIRI(dataset, baseURL)
    }
}

/// The first rows of an open dataset's hosted data, as the dataset page shows them: sorted by
/// the column the reader chose and filtered by the values typed above each column, all through
/// the address (`sort`, `where[field]`), as the records API reads them.
struct DatasetPreview {
    struct Column {
        var name: String
        var sortHref: String
        /// `ascending`, `descending` or `none`, for `aria-sort`.
        var sorted: String
        var filter: String
        var inputID: String
    }

    struct Row {
        var cells: [Cell]
    }

    struct Cell {
        var text: String
        var numeric: Bool
    }

    static let rowLimit = 20
    /// The order the filter form carries along (`sort`), empty for none.
    var sort: String
    var columns: [Column]
    var rows: [Row]
    var shown: String
    var csv: String
    var jsonl: String
    var empty: Bool
    var filtered: Bool
    var clearHref: String

    /// The preview's own parameters from a dataset page's query string; empty values (a filter
    /// box left blank) are dropped so they do not filter.
    static func parameters(_ parameters: QueryParameters) -> QueryParameters {
        QueryParameters(values: parameters.values.filter { name, values in
            (name == "sort" || name.hasPrefix("where[")) && values.contains { !$0.isEmpty }
        }.mapValues { $0.filter { !$0.isEmpty } })
    }

    init(dataset: Dataset, schema: TableSchema, page: RecordPage, parameters: QueryParameters) {
        let path = "/datasets/\(dataset.name)"
        let sort = parameters.string("sort") ?? ""
        self.sort = sort
        var state = QueryString()
        for (name, values) in parameters.values.sorted(by: { $0.key < $1.key }) where name != "sort" {
            for value in values { state.append(name, value) }
        }
        let filters = state
        columns = page.fields.map { position in
            let name = schema.fields[position].name
            let sorted = sort == name ? "ascending" : sort == "-" + name ? "descending" : "none"
            let next = sorted == "ascending" ? "-" + name : name
            return Column(name: name, sortHref: filters.setting("sort", next).url(path) + "#preview", sorted: sorted,
                          filter: parameters.string("where[\(name)]") ?? "", inputID: "filter-\(position)")
        }
        rows = page.rows.map { row in
            Row(cells: row.map { value in
                switch value {
                case .integer, .number: Cell(text: RecordRenderer.csvText(value), numeric: true)
                default: Cell(text: RecordRenderer.csvText(value), numeric: false)
                }
            })
        }
        let total = page.total ?? rows.count
        shown = rows.count < total ? "The first \(rows.count) of \(PageText.plural(total, "row"))" : PageText.plural(total, "row")
        var download = filters
        if !sort.isEmpty { download.append("sort", sort) }
        csv = download.url("/datasets/\(dataset.name)/data.csv")
        jsonl = download.url("/datasets/\(dataset.name)/data.jsonl")
        empty = rows.isEmpty
        filtered = !filters.text.isEmpty
        clearHref = path + "#preview"
    }
}

// A dataset page's repeated parts answer the templates' lookups directly (see `DatasetSummary`).
extension DatasetPreview.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        default: nil
        }
    }
}

extension DatasetPreview.Row: MustacheParent {
    func child(named name: String) -> Any? { name == "cells" ? cells : nil }
}

extension DatasetPreview.Column: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "sortHref": sortHref
        case "sorted": sorted
        case "filter": filter
        case "inputID": inputID
        default: nil
        }
    }
}

extension DatasetPage.SchemaField: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "type": type
        case "description": description
        case "required": required
        default: nil
        }
    }
}

extension DatasetPage.Fact: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "term": term
        case "value": value
        case "href": href
        default: nil
        }
    }
}
