import CausewayCore
import Foundation

/// A distribution, as a CKAN resource.
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
