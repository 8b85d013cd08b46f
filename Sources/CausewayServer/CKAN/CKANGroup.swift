import CausewayCore
import Foundation

/// A DCAT theme, as a CKAN group.
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
