import CausewayCore
import Foundation

/// `/agencies`: every agency with what it publishes.
struct AgenciesPage {
    struct Item {
        var name: String
        var href: String
        var description: String
        var datasets: String
    }

    var chrome: PageChrome
    var agencies: [Item]

    init(chrome: PageChrome, snapshot: CatalogSnapshot) {
        self.chrome = chrome
        let counts = snapshot.datasetCounts()
        agencies = snapshot.agencies.sorted { $0.name < $1.name }.map { agency in
            Item(name: agency.name, href: "/agencies/\(agency.code)", description: PageText.excerpt(agency.description, limit: 200),
                 datasets: PageText.plural(counts[agency.code] ?? 0, "dataset"))
        }
    }
}

/// `/agencies/{code}`: what one agency publishes, and the agreements it is party to (as the
/// provider that shares and as the consumer that uses), so that anyone can see who uses which
/// data, under which agreement.
struct AgencyPage {
    struct AgreementLine {
        var other: String
        var otherHref: String
        var target: String
        var targetHref: String?
        var purpose: String
        var state: String
        var until: String
    }

    var chrome: PageChrome
    var name: String
    var description: String
    var homepage: String?
    var datasets: [DatasetSummary]
    var datasetCount: String
    var shares: [AgreementLine]
    var uses: [AgreementLine]
    var searchHref: String

    init(chrome: PageChrome, agency: Agency, snapshot: CatalogSnapshot, agreements: [Agreement], now: Date) {
        self.chrome = chrome
        name = agency.name
        description = agency.description
        homepage = agency.homepage
        let result = snapshot.index.search(DatasetQuery(filters: [FacetFilter(.publisher, agency.code)], sort: .titleAscending,
                                                        limit: DatasetQuery.maxLimit))
        datasets = result.positions.map { DatasetSummary(snapshot.index.dataset(at: $0), snapshot: snapshot) }
        datasetCount = PageText.plural(result.total, "dataset")
        searchHref = QueryString([("publisher", agency.code)]).url("/datasets")
        func line(_ agreement: Agreement, other: String) -> AgreementLine {
            let target: String
            var targetHref: String?
            switch agreement.target {
            case .dataset(let id):
                let dataset = snapshot.dataset(idOrName: id)
                target = dataset?.title ?? id
                targetHref = dataset.map { "/datasets/\($0.name)" }
            case .service(let code):
                target = "API: \(code)"
            case .linkage(let name):
                target = "Record linkage: \(name)"
            }
            return AgreementLine(other: snapshot.agency(other)?.name ?? other, otherHref: "/agencies/\(other)", target: target,
                                 targetHref: targetHref, purpose: agreement.terms.purpose.description,
                                 state: agreement.state(at: now).rawValue, until: PageText.date(agreement.terms.validUntil))
        }
        let current = agreements.filter { [.active, .suspended].contains($0.state(at: now)) }
        shares = current.filter { $0.provider == agency.code }.map { line($0, other: $0.consumer) }
        uses = current.filter { $0.consumer == agency.code }.map { line($0, other: $0.provider) }
    }
}
