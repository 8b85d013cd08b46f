import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The console's view of private statistics (see ``PrivacyConsolePage``); the figures are
/// the ledger's, as the API's `/api/v1/privacy/budgets` and `/spends` give them.
struct ConsolePrivacyRoutes {
    let pages: Pages
    let session: ConsoleSession
    let service: PrivacyService
    let policy: PolicyService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/privacy", use: overview)
    }

    @Sendable func overview(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let user = signed.user
        let agencies = Set(user.memberships.map(\.agency))
        let stewarding = Set(user.memberships.filter { [.steward, .dpo, .admin].contains($0.role) }.map(\.agency))
        let agreements = policy.snapshot.approvedAgreements.filter { $0.terms.privacyBudget != nil }
        let held = agreements.filter { agencies.contains($0.consumer) }
        let granted = agreements.filter { stewarding.contains($0.provider) }
        let view = PrivacyConsolePage(
            chrome: pages.chrome("Private statistics", section: .privacy, session: signed, notice: ConsoleSession.notice(request)),
            held: try await service.statuses(of: held).map(PrivacyConsolePage.budget),
            heldSpends: try await service.ledger.spends(agreements: held.map(\.id), limit: 50).map(PrivacyConsolePage.spend),
            granted: try await service.statuses(of: granted).map(PrivacyConsolePage.budget),
            grantedSpends: try await service.spends(onDatasetsOf: stewarding, limit: 100).map(PrivacyConsolePage.spend),
            isSteward: !stewarding.isEmpty)
        return pages.page("console_privacy", view, personal: true)
    }
}
