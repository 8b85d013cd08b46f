import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The provider's side, for its stewards: `GET /api/v1/privacy/spends`, every budget its
/// agreements grant on its datasets, what each system spent and each answer's cost; and
/// `POST /api/v1/privacy/releases`, noisy tables published as an open dataset.
struct PrivacyStewardRoutes {
    let service: PrivacyService
    let releases: PrivacyReleases
    let policy: PolicyService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("privacy/spends", use: spends)
        group.post("privacy/releases", use: release)
    }

    @Sendable func release(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let draft = try await StrictJSON.decode(ReleaseDraft.self, from: request, limit: PrivacyRoutes.bodyLimit)
        let dataset = try await releases.publish(draft, by: user)
        return try JSONResponse.make(dataset, status: .created, headers: [.location: "/api/v1/datasets/\(dataset.id)"])
    }

    struct Spends: Encodable {
        var agencies: [String]
        var budgets: [PrivacyBudgetStatus]
        var spends: [PrivacyLedger.Spend]
    }

    @Sendable func spends(_ request: Request, context: CausewayContext) async throws -> Response {
        let parameters = QueryParameters(request)
        try parameters.only(["dataset"])
        let user = try context.requireUser()
        let agencies = user.memberships.filter { $0.role == .steward || $0.role == .admin || $0.role == .dpo }.map(\.agency)
        guard !agencies.isEmpty else {
            throw Problem.forbidden("The privacy spends on an agency's datasets are for its stewards, data protection officers and admins.")
        }
        let dataset = parameters.string("dataset")
        let agreements = policy.snapshot.approvedAgreements.filter {
            agencies.contains($0.provider) && $0.terms.privacyBudget != nil && (dataset == nil || $0.target.identifier == dataset)
        }
        let budgets = try await service.statuses(of: agreements)
        let spends = try await service.spends(onDatasetsOf: Set(agencies), dataset: dataset, limit: 500)
        return try JSONResponse.make(Spends(agencies: agencies, budgets: budgets, spends: spends))
    }
}
