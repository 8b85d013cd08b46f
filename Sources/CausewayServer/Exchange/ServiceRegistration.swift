import CausewayCore
import CausewayStore

/// Registers a provider's upstream API with the gateway: checks that the person may manage the
/// provider's services, validates the description, saves it and refreshes the policy snapshot,
/// so the service can be named in agreements (and called under them) from the answer on. The
/// API's `POST /api/v1/services` and the console's form both register here.
struct ServiceRegistration: Sendable {
    let services: ServiceRepository
    let policy: PolicyService

    static func authorise(_ user: User, _ provider: String) throws {
        guard user.has(.engineer, in: provider) || user.has(.steward, in: provider) else {
            throw Problem.forbidden("Only engineers and stewards of '\(provider)' may manage its services.")
        }
    }

    func register(_ service: UpstreamAPI, by user: User, replace: Bool = false) async throws {
        try Self.authorise(user, service.provider)
        try service.validate()
        try await services.save(service, replace: replace)
        try await policy.refresh()
    }
}
