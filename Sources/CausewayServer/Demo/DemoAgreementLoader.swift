import CausewayCore
import CausewayStore
import Foundation

/// Loads ``DemoAgreements`` through the same service and lifecycle the API uses, each
/// step at its own moment in the past so the timelines read like real ones. Agreements that
/// exist are left alone.
struct DemoAgreementLoader {
    let services: ServiceRepository
    let agreements: AgreementRepository
    let users: UserRepository
    let policy: PolicyService
    /// The agreement service with its clock set to the given moment.
    let service: @Sendable (_ clock: @escaping @Sendable () -> Date) -> AgreementService
    /// Where the demo's upstream API runs (see ``DemoUpstream``).
    let upstreamURL: String
    /// The node's clock: the demo's agreements are dated relative to its now.
    let clock: @Sendable () -> Date

    func load() async throws {
        let now = clock()
        let upstream = DemoUpstream.service(baseURL: upstreamURL)
        let existing = try await services.all().first { $0.provider == upstream.provider && $0.code == upstream.code }
        if existing != upstream { try await services.save(upstream, replace: existing != nil) }
        try await policy.refresh()
        for spec in DemoAgreements.specs where try await agreements.find(spec.id) == nil {
            try await load(spec, now: now)
        }
    }

    private func load(_ spec: DemoAgreements.Spec, now: Date) async throws {
        func person(_ username: String) async throws -> User {
            guard let user = try await users.find(username)?.user else { throw StoreError.notFound("user", username) }
            return user
        }
        // Acts happen before the agreement starts (or, for one that starts later, before now);
        // one still waiting for a decision was drafted days ago, as an inbox would show it.
        let first = [.draft, .submitted].contains(spec.goal) ? -3 : min(spec.startDay, 0) - 6
        @Sendable func day(_ offset: Double) -> Date { now.addingTimeInterval((first + offset) * 86_400) }
        var draft = spec.draft
        draft.validFrom = now.addingTimeInterval(spec.startDay * 86_400)
        draft.validUntil = now.addingTimeInterval(spec.endDay * 86_400)
        let drafter = try await person(spec.drafter)
        let service = self.service { day(0) }
        var agreement = try await service.build(draft, id: spec.id, by: drafter, at: day(0))
        let steward = try await person(spec.steward)
        let dpo = try await person(spec.dpo)
        var step = 0.0
        func apply(_ action: AgreementAction, by user: User, reason: String? = nil) throws {
            step += 1
            agreement = try AgreementLifecycle.apply(action, to: agreement, by: user, reason: reason, at: day(step))
        }
        if spec.goal != .draft { try apply(.submit, by: drafter) }
        if spec.goal == .rejected { try apply(.reject, by: dpo, reason: spec.reason) }
        if ![.draft, .rejected].contains(spec.goal) { try apply(.approve, by: steward) }
        if agreement.personalData, ![.draft, .submitted, .rejected].contains(spec.goal) { try apply(.approve, by: dpo) }
        if spec.goal == .suspended {
            agreement = try AgreementLifecycle.apply(.suspend, to: agreement, by: dpo, reason: spec.reason, at: now.addingTimeInterval(-2 * 86_400))
        }
        if spec.goal == .revoked {
            agreement = try AgreementLifecycle.apply(.revoke, to: agreement, by: steward, reason: spec.reason, at: now.addingTimeInterval(-86_400))
        }
        try await agreements.write(inserting: [agreement], events: agreement.events.map { AuditEvent($0, of: agreement) })
    }
}
