import Foundation

/// One call as the gateway sees it, reduced to what the policy decides on.
public struct PolicyRequest: Sendable, Hashable {
    /// The calling system's agency and code (from its verified token).
    public var consumer: String
    public var system: String
    public var provider: String
    public var target: AgreementTarget
    /// The `Causeway-Purpose` header; nil when absent.
    public var purpose: String?
    public var method: String
    public var at: Date
    /// A private statistics query: only agreements with a privacy budget allow it, and
    /// those allow nothing else (their consumers never read records).
    public var statistics = false

    public init(consumer: String, system: String, provider: String, target: AgreementTarget, purpose: String?, method: String, at: Date) {
        self.consumer = consumer
        self.system = system
        self.provider = provider
        self.target = target
        self.purpose = purpose
        self.method = method
        self.at = at
    }
}
