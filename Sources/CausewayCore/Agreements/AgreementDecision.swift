import Foundation

/// A decision that ends or pauses an agreement: who, when, and the reason they had to give.
public struct AgreementDecision: Sendable, Hashable, Codable {
    public var username: String
    public var at: Date
    public var reason: String

    public init(username: String, at: Date, reason: String) {
        self.username = username
        self.at = at
        self.reason = reason
    }
}
