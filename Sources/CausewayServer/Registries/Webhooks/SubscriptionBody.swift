import CausewayCore
import Foundation

/// A webhook subscription as the API shows it to its agency's people: where it delivers, how
/// far it has come, why it is failing or paused, and what a receiver needs to check the
/// signatures (the subscription's `whsec_` secret and the node's `whpk_` public key).
struct SubscriptionBody: Encodable {
    struct Signing: Encodable {
        var secret: String
        var publicKey: String
        var scheme = "https://www.standardwebhooks.com/ (webhook-id, webhook-timestamp, webhook-signature: v1 and v1a)"
    }

    var id: String
    var registry: String
    var agency: String
    var url: String
    var state: WebhookSubscription.State.RawValue
    /// The last event the receiver acknowledged.
    var position: UInt64
    var failures: Int
    var failingSince: Date?
    var nextAttempt: Date?
    var lastError: String?
    var pauseReason: String?
    var created: Date
    var createdBy: String
    var signing: Signing
    var links: [String: String]

    init(_ subscription: WebhookSubscription, secret: String, publicKey: String, baseURL: String) {
        id = subscription.id
        registry = subscription.registry
        agency = subscription.agency
        url = subscription.url
        state = subscription.state.rawValue
        position = subscription.position
        failures = subscription.failures
        failingSince = subscription.failingSince
        nextAttempt = subscription.state == .active && subscription.failures > 0 ? subscription.nextAttempt : nil
        lastError = subscription.lastError
        pauseReason = subscription.pauseReason
        created = subscription.created
        createdBy = subscription.createdBy
        signing = Signing(secret: secret, publicKey: publicKey)
        let base = "\(baseURL)/api/v1/registries/\(subscription.registry)/subscriptions/\(subscription.id)"
        links = ["self": base, "resume": base + "/resume", "changes": "\(baseURL)/api/v1/registries/\(subscription.registry)/changes?after=\(subscription.position)"]
    }
}
