import CausewayCore
import Foundation

/// An agency, as a CKAN organization.
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
        created = CKANTime.string(agency.registered ?? Date(timeIntervalSince1970: 0))
    }
}
