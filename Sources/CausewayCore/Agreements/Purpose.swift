/// What the data is for. The code is what a consumer sends in `Causeway-Purpose` on every
/// call and what the gateway matches; the description is what a steward and a citizen read.
public struct Purpose: Sendable, Hashable, Codable {
    public var code: String
    public var description: String

    public init(code: String, description: String) {
        self.code = code
        self.description = description
    }
}
