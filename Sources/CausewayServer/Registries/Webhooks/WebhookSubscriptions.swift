import CausewayCore
import CausewayStore
import Foundation

/// The rules for webhook subscriptions, for the API and the console alike: who may subscribe
/// (anyone who may read the registry's feed directly, on behalf of one of their agencies),
/// where to (``WebhookAddressCheck``), from where in the feed, and who may see, resume or
/// delete a subscription (its agency's people, and operators). Each change is logged.
struct WebhookSubscriptions: Sendable {
    let registries: RegistryService
    let repository: WebhookRepository
    let addresses: WebhookAddressCheck
    let keys: WebhookKeys
    let directory: RegistryDirectory

    static let createdEvent = "registry.subscription.created"
    static let resumedEvent = "registry.subscription.resumed"
    static let deletedEvent = "registry.subscription.deleted"

    /// Subscribes `agency` (the user's only agency when nil) to the registry's feed from the
    /// event after `after` (the feed's newest event when nil).
    func create(registry code: String, url: String, after: UInt64?, agency: String?, by user: User) async throws -> WebhookSubscription {
        let stored = try await registries.readable(code, by: user)
        let owner = try Self.agency(agency, of: user)
        let position: UInt64
        if let after {
            position = try await RegistryFeed(repository: registries.repository, directory: directory, baseURL: registries.baseURL)
                .position(after, in: stored.registry)
        } else {
            position = try await registries.repository.span(code)?.last ?? stored.lastSequence
        }
        let target: WebhookTarget
        do {
            target = try WebhookTarget(url)
        } catch {
            throw Problem.invalid("The webhook URL is not one Causeway can deliver to.", errors: error.errors.map { .init(pointer: $0.pointer, detail: $0.detail) })
        }
        do {
            try await addresses.check(target)
        } catch {
            throw Problem(.unprocessableContent, code: "webhook.address-refused", title: "Webhooks cannot go to this address",
                          detail: error.detail + ".", errors: [.init(pointer: "/url", detail: error.detail)])
        }
        let now = registries.now
        let subscription = WebhookSubscription(id: WebhookSubscription.newID(), registry: code, agency: owner, createdBy: user.username,
                                               url: target.url, position: position, created: now)
        try await repository.create(subscription)
        try await logChange(Self.createdEvent, subscription, by: user, details: ["url": target.url])
        directory.advanced.ring()
        return subscription
    }

    /// The subscriptions `user` may see: their agencies' (every one for an operator), on one
    /// registry or on all.
    func visible(registry: String?, to user: User) async throws -> [WebhookSubscription] {
        if let registry { _ = try await registries.find(registry) }
        let all = try await repository.subscriptions(registry: registry)
        return all.filter { Self.mayManage($0, user) }
    }

    func find(_ id: String, registry: String, by user: User) async throws -> WebhookSubscription {
        guard WebhookSubscription.isWellFormed(id), let subscription = try await repository.find(id), subscription.registry == registry,
              Self.mayManage(subscription, user) else {
            throw Problem.notFound("subscription", id)
        }
        return subscription
    }

    /// Makes a paused subscription, or a failing one waiting out its back-off, due now, from
    /// its last acknowledged event: the owner's answer to "the receiver is fixed".
    func resume(_ id: String, registry: String, by user: User) async throws -> WebhookSubscription {
        let subscription = try await find(id, registry: registry, by: user)
        // Paused, or failing and waiting out its back-off: either way, due again now.
        guard subscription.state == .paused || subscription.failures > 0 else { return subscription }
        guard let resumed = try await repository.resume(id, at: registries.now) else { throw Problem.notFound("subscription", id) }
        try await logChange(Self.resumedEvent, resumed, by: user)
        directory.advanced.ring()
        return resumed
    }

    func delete(_ id: String, registry: String, by user: User) async throws {
        let subscription = try await find(id, registry: registry, by: user)
        guard try await repository.delete(id) else { throw Problem.notFound("subscription", id) }
        try await logChange(Self.deletedEvent, subscription, by: user)
    }

    /// The `whsec_` secret that checks the subscription's `v1` signatures.
    func secret(of subscription: WebhookSubscription) -> String {
        WebhookSignature.secret(keys.secret(for: subscription.id))
    }

    static func mayManage(_ subscription: WebhookSubscription, _ user: User) -> Bool {
        user.isOperator || !user.roles(in: subscription.agency).isEmpty
    }

    static func agency(_ named: String?, of user: User) throws -> String {
        let agencies = Set(user.memberships.map(\.agency))
        if let named {
            guard agencies.contains(named) else {
                throw Problem.invalid("You may subscribe only for an agency you belong to.",
                                      errors: [.init(pointer: "/agency", detail: "you are not a member of '\(named)'")])
            }
            return named
        }
        guard agencies.count == 1, let only = agencies.first else {
            throw Problem.invalid("Say which of your agencies the subscription is for.",
                                  errors: [.init(pointer: "/agency", detail: agencies.isEmpty ? "you belong to no agency" : "required: you belong to several")])
        }
        return only
    }

    private func logChange(_ kind: String, _ subscription: WebhookSubscription, by user: User, details: [String: String] = [:]) async throws {
        _ = try await registries.log.append([AuditEvent(kind: kind, at: registries.now, actor: user.username,
                                                        subject: "registries/\(subscription.registry)/subscriptions/\(subscription.id)",
                                                        agencies: [subscription.agency], details: details)])
    }
}
