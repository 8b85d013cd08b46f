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
}
