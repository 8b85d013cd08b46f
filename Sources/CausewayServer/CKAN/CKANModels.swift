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
        self.extras = extras
    }
}

struct CKANOrganization: Codable, Sendable {
    var id: String
    var name: String
    var title: String
    var description: String
    var type = "organization"
    var is_organization = true
    var state = "active"
    var approval_status = "approved"
    var image_url = ""
    var created: String

    init(agency: Agency) {
        id = agency.code
        name = agency.code
        title = agency.name
        description = agency.description
        created = CKANTime.string(Date(timeIntervalSince1970: 0))
    }
}

struct CKANTag: Codable, Sendable {
    var id: String
    var name: String
    var display_name: String
    var state = "active"
    var vocabulary_id: String? = nil

    init(name: String) {
        self.id = name
        self.name = name
        self.display_name = name
    }
}

struct CKANGroup: Codable, Sendable {
    var id: String
    var name: String
    var title: String
    var display_name: String
    var description: String
    var image_display_url = ""

    init(theme: Theme) {
        id = theme.groupName
        name = theme.groupName
        title = theme.label
        display_name = theme.label
        description = "DCAT-AP data theme \(theme.rawValue): \(theme.vocabularyURI)"
    }
}

struct CKANResource: Codable, Sendable {
    var id: String
    var package_id: String
    var name: String
    var description: String
    var format: String
    var mimetype: String?
    var url: String
    var size: Int?
    var position: Int
    var created: String
    var last_modified: String?
    var state = "active"
    var url_type: String? = nil
    var schema: TableSchema?

    init(distribution: Distribution, dataset: Dataset, position: Int) {
        id = distribution.id
        package_id = dataset.id
        name = distribution.title
        description = distribution.description ?? ""
        format = distribution.format
        mimetype = distribution.mediaType
        url = distribution.downloadURL ?? distribution.accessURL ?? ""
        size = distribution.byteSize
        self.position = position
        created = CKANTime.string(dataset.issued)
        last_modified = CKANTime.string(dataset.modified)
        schema = distribution.schema
    }
}

struct CKANExtra: Codable, Sendable {
    var key: String
    var value: String
}

/// CKAN writes timestamps as naive ISO 8601 in UTC with microseconds.
enum CKANTime {
    static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = Int(((seconds - whole) * 1_000_000).rounded())
        let base = Date(timeIntervalSince1970: whole).formatted(
            .iso8601.year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false))
        let trimmed = base.hasSuffix("Z") ? String(base.dropLast()) : base
        return trimmed + "." + String(format: "%06d", min(micros, 999_999))
    }
}
