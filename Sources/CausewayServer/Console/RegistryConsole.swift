import CausewayCore
import CausewayStore
import Foundation

/// What a person's registry work in the console consists of: the open error reports on their
/// agencies' registries, which the owner must answer, and their agencies' webhook
/// subscriptions, whose pauses the owner must hear about. The inbox and the registries page
/// both read it from here.
struct RegistryConsole: Sendable {
    let service: RegistryService
    let subscriptions: WebhookSubscriptions

    struct Work: Sendable {
        var registries: [StoredRegistry]
        var reports: [ErrorReport]
        var subscriptions: [WebhookSubscription]
    }

    func work(for user: User) async throws -> Work {
        let agencies = Set(user.memberships.map(\.agency))
        let owned = service.directory.all.filter { agencies.contains($0.registry.owner) }
        let reports = try await service.repository.openReports(owned.map(\.registry.code))
        let subscribed = try await subscriptions.repository.subscriptions().filter { agencies.contains($0.agency) }
        return Work(registries: owned, reports: reports, subscriptions: subscribed)
    }
}
