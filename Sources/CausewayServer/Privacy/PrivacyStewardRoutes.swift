import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `GET /api/v1/privacy/spends`: the provider's view, for its stewards: every budget its
/// agreements grant on its datasets, what each system spent, and each answer's cost.
struct PrivacyStewardRoutes {
    let service: PrivacyService
    let policy: PolicyService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("privacy/spends", use: spends)
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
        let spends = try await service.ledger.spends(agreements: agreements.map(\.id), limit: 500)
        return try JSONResponse.make(Spends(agencies: agencies, budgets: budgets, spends: spends))
    }
}
