import Foundation
import SQLKit

/// A value bound to or read from a statement written once with `?` placeholders for both
/// engines (see ``SQLStatements``): SQLite's five storage classes, which PostgreSQL's
/// `bigint`, `double precision`, `text` and `bytea` match.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// What a column holds, so that SQLKit knows what to decode it as.
    enum Kind: Sendable {
        case integer, real, text, blob
    }

    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    var bytes: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }
}
