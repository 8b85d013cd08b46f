import CausewayCore
import Foundation

/// CKAN's dictionaries, as CKAN 2.10 returns them, so that CKAN clients and harvesters read
/// Causeway without knowing it is not CKAN. Agencies are CKAN organizations; DCAT themes are
/// CKAN groups; keywords are tags; distributions are resources.
struct CKANPackage: Codable, Sendable {
    var id: String
    var name: String
    var title: String
    var notes: String
    var url: String
    var version: String?
    var state = "active"
    var type = "dataset"
    var `private` = false
    var isopen: Bool
    var license_id: String
    var license_title: String
    var license_url: String
    var author: String?
    var author_email: String?
    var maintainer: String?
    var maintainer_email: String?
    var metadata_created: String
    var metadata_modified: String
    var owner_org: String
    var organization: CKANOrganization
    var tags: [CKANTag]
    var num_tags: Int
    var groups: [CKANGroup]
    var resources: [CKANResource]
    var num_resources: Int
    var extras: [CKANExtra]

    init(dataset: Dataset, agency: Agency?) {
        let license = License.named(dataset.license)
        id = dataset.id
        name = dataset.name
        title = dataset.title
        notes = dataset.description
        url = dataset.landingPage ?? ""
        version = dataset.version
        isopen = license?.isOpen ?? false
        license_id = dataset.license
        license_title = license?.title ?? dataset.license
        license_url = license?.url ?? ""
        author = agency?.name
        author_email = agency?.email
        maintainer = dataset.contactPoint?.name
        maintainer_email = dataset.contactPoint?.email
        metadata_created = CKANTime.string(dataset.issued)
        metadata_modified = CKANTime.string(dataset.modified)
        owner_org = dataset.publisher
        organization = CKANOrganization(agency: agency ?? Agency(code: dataset.publisher, name: dataset.publisher))
        tags = dataset.keywords.map { CKANTag(name: $0) }
        num_tags = tags.count
        groups = dataset.themes.map(CKANGroup.init)
        resources = dataset.distributions.enumerated().map { CKANResource(distribution: $1, dataset: dataset, position: $0) }
        num_resources = resources.count
        var extras = [
            CKANExtra(key: "access_rights", value: dataset.accessRights.rawValue),
            CKANExtra(key: "frequency", value: dataset.accrualPeriodicity.rawValue),
        ]
        if let temporal = dataset.temporal {
            extras.append(CKANExtra(key: "temporal_start", value: temporal.start))
            if let end = temporal.end { extras.append(CKANExtra(key: "temporal_end", value: end)) }
        }
        if let spatial = dataset.spatial { extras.append(CKANExtra(key: "spatial_text", value: spatial)) }
        extras.append(CKANExtra(key: "theme", value: dataset.themes.map(\.vocabularyURI).joined(separator: ",")))
        if let privacy = dataset.privacy {
            // A release of noisy tables: its privacy parameters, for harvesters that know no Causeway field.
            extras += [CKANExtra(key: "privacy_source", value: privacy.source),
                       CKANExtra(key: "privacy_rho", value: PrivacyBudgetStatus.text(privacy.rho)),
                       CKANExtra(key: "privacy_delta", value: PrivacyBudgetStatus.text(privacy.delta))]
            if let epsilon = privacy.epsilon { extras.append(CKANExtra(key: "privacy_epsilon", value: PrivacyBudgetStatus.text(epsilon))) }
        }
        self.extras = extras
    }
}
