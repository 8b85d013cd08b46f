/// One versioned step of the schema. Migrations are append-only: a released migration is never
/// edited, because nodes already running it would disagree with new ones about the schema.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// Statements for each engine; most are the same SQL for both.
    public let statements: @Sendable (Database.Engine) -> [String]

    public init(version: Int, name: String, statements: @escaping @Sendable (Database.Engine) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
