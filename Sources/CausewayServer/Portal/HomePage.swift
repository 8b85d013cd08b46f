import CausewayCore
import CausewayStore

/// `/`: the front door. Search, the catalogue by theme and by agency, what changed lately, and
/// how much the transparency log holds.
struct HomePage {
    struct CheckpointView {
        var size: String
        var signed: String
        var signedISO: String
    }

    var chrome: PageChrome
    var datasets: String
    var themes: [FacetLink]
    var agencies: [FacetLink]
    var recent: [DatasetSummary]
    var checkpoint: CheckpointView?

    init(chrome: PageChrome, snapshot: CatalogSnapshot, checkpoint: CheckpointStore.StoredCheckpoint?) {
        self.chrome = chrome
        let index = snapshot.index
        datasets = PageText.plural(index.count, "dataset")
        let result = index.search(DatasetQuery(sort: .modifiedDescending, limit: 6, facets: [.theme, .publisher], facetLimit: nil))
        themes = (result.facets[.theme] ?? []).map { facet in
            FacetLink(label: Theme(rawValue: facet.value)?.label ?? facet.value, href: QueryString([("theme", facet.value)]).url("/datasets"),
                      count: PageText.count(facet.count), selected: false)
        }
        agencies = (result.facets[.publisher] ?? []).map { facet in
            FacetLink(label: snapshot.agency(facet.value)?.name ?? facet.value, href: "/agencies/\(facet.value)",
                      count: PageText.count(facet.count), selected: false)
        }
        recent = result.positions.map { DatasetSummary(index.dataset(at: $0), snapshot: snapshot) }
        self.checkpoint = checkpoint.map {
            CheckpointView(size: PageText.count($0.size), signed: PageText.dateTime($0.signedAt), signedISO: UTCTime($0.signedAt).iso8601)
        }
    }
}
