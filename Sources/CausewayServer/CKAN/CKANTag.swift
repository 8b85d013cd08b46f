import CausewayCore
import Foundation

/// A keyword, as a CKAN tag.
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
