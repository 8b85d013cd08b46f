import CausewayCore
import Foundation

/// One of a package's `extras`: the DCAT fields CKAN has no column for.
struct CKANExtra: Codable, Sendable {
    var key: String
    var value: String
}
