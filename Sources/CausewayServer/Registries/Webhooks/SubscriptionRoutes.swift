import CausewayCore
import Foundation
import Hummingbird

/// `/api/v1/registries/{r}/subscriptions`: webhooks on a registry's feed. Routes decode, call
/// ``WebhookSubscriptions`` and encode.
struct SubscriptionRoutes {
    let subscriptions: WebhookSubscriptions

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("registries/:registry/subscriptions", use: list)
        group.post("registries/:registry/subscriptions", use: create)
        group.get("registries/:registry/subscriptions/:subscription", use: show)
        group.delete("registries/:registry/subscriptions/:subscription", use: delete)
        group.post("registries/:registry/subscriptions/:subscription/resume", use: resume)
    }

    struct Draft: Codable {
        var url: String
        /// Deliver the events after this sequence number (default: only new events).
        var after: UInt64?
        var agency: String?
    }

    struct SubscriptionList: Encodable {
        var results: [SubscriptionBody]
    }

    var baseURL: String { subscriptions.registries.baseURL }

    func body(_ subscription: WebhookSubscription) -> SubscriptionBody {
        SubscriptionBody(subscription, secret: subscriptions.secret(of: subscription), publicKey: subscriptions.keys.publicKey, baseURL: baseURL)
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let user = try context.requireUser()
        let visible = try await subscriptions.visible(registry: try context.parameters.require("registry"), to: user)
        return try JSONResponse.make(SubscriptionList(results: visible.map(body)))
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let registry = try context.parameters.require("registry")
        let draft = try await StrictJSON.decode(Draft.self, from: request)
        let subscription = try await subscriptions.create(registry: registry, url: draft.url, after: draft.after, agency: draft.agency, by: user)
        return try JSONResponse.make(body(subscription), status: .created,
                                     headers: [.location: "/api/v1/registries/\(registry)/subscriptions/\(subscription.id)"])
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let subscription = try await subscriptions.find(try context.parameters.require("subscription"),
                                                        registry: try context.parameters.require("registry"), by: user)
        return try JSONResponse.make(body(subscription))
    }

    @Sendable func resume(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let subscription = try await subscriptions.resume(try context.parameters.require("subscription"),
                                                          registry: try context.parameters.require("registry"), by: user)
        return try JSONResponse.make(body(subscription))
    }

    @Sendable func delete(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        try await subscriptions.delete(try context.parameters.require("subscription"), registry: try context.parameters.require("registry"), by: user)
        return Response(status: .noContent)
    }
}
