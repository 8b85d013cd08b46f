import Foundation
import SQLKit
import SQLiteKit

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

    /// SQLiteNIO's value as its storage class: lets SQLiteNIO's and the direct connection's
    /// values share one reading (``StorageKind/read(_:)``) and one binding (``TableStatement/sqlite(_:)``).
    init(_ data: SQLiteData) {
        switch data {
        case .null: self = .null
        case .integer(let value): self = .integer(Int64(value))
        case .float(let value): self = .real(value)
        case .text(let value): self = .text(value)
        case .blob(let buffer): self = .blob(Array(buffer.readableBytesView))
        }
    }
}
