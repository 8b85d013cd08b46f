/// What can go wrong in the store, in terms the layers above can turn into answers.
public enum StoreError: Error, Sendable, Equatable {
    /// The thing asked for does not exist (kind, key).
    case notFound(String, String)
    /// A unique key is already taken (kind, key).
    case conflict(String, String)
    /// The settings do not describe a usable database.
    case invalidConfiguration(String)
    /// The database schema is newer than this binary understands.
    case schemaTooNew(found: Int, known: Int)
    /// A write would open a dataset's data to more readers, which only an approved access
    /// change may do (dataset id, from, to).
    case accessWouldOpen(String, from: String, to: String)
}

extension StoreError: CustomStringConvertible {
    /// What `causeway` prints when a store error stops it (at start, or in an admin command).
    public var description: String {
        switch self {
        case .notFound(let kind, let key): "no \(kind) \(key)"
        case .conflict(let kind, let key): "\(kind) \(key) already exists"
        case .invalidConfiguration(let reason): reason
        case .accessWouldOpen(let dataset, let from, let to): "dataset \(dataset) would go from \(from) to \(to) without an approved access change"
        case .schemaTooNew(let found, let known):
            "the database schema is newer than this binary: version \(found), where this binary knows up to \(known); "
                + "start this node with the newer release (docs/operations.md § Rolling upgrade)"
        }
    }
}
