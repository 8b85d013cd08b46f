import CausewayCore
import CausewayStore
import Foundation
import Logging

/// The agreement operations behind the API and the CLI: it looks up what the domain rules
/// need (the target dataset, the consumer's systems, the templates), applies
/// ``AgreementLifecycle``, saves the result with its audit events, and refreshes the policy
/// snapshot before answering, so an approval is enforceable the moment it is confirmed.
struct AgreementService: Sendable {
    let agreements: AgreementRepository
    let agencies: AgencyRepository
    let catalog: CatalogService
    let policy: PolicyService
    let clock: @Sendable () -> Date

    // MARK: Reading

    func visible(to user: User, agency: String? = nil) async throws -> [Agreement] {
        try await agreements.all(agency: agency).filter { AgreementAuthority.mayView(user, $0) }
    }

    /// The agreement if `user` may see it; otherwise 404, so ids of other agencies'
    /// agreements cannot be probed.
    func find(_ id: String, for user: User) async throws -> AgreementRepository.Stored {
        guard let stored = try await agreements.find(id), AgreementAuthority.mayView(user, stored.agreement) else {
            throw Problem.notFound("agreement", id)
        }
        return stored
    }

    func templates() async throws -> [AgreementTemplate] {
        AgreementTemplate.builtIn + (try await agreements.templates())
    }

    func template(_ id: String) async throws -> AgreementTemplate? {
        try await templates().first { $0.id == id }
    }

    func createTemplate(_ template: AgreementTemplate, by user: User) async throws {
        guard let agency = template.agency, user.has(.steward, in: agency) || user.has(.dpo, in: agency) else {
            throw Problem.forbidden("Only stewards and DPOs of '\(template.agency ?? "")' may define its templates.")
        }
        try template.validate()
        guard !AgreementTemplate.builtIn.contains(where: { $0.id == template.id }) else {
            throw Problem.conflict("agreement-template", template.id)
        }
        guard catalog.snapshot.agency(agency) != nil else {
            throw Problem.invalid("/agency: no agency '\(agency)'", errors: [.init(pointer: "/agency", detail: "no such agency")])
        }
        try await agreements.createTemplate(template)
    }

    // MARK: Drafting

    /// Builds (does not save) a draft agreement from `input`, checking it against the store.
    func build(_ input: AgreementDraft, id: String, by user: User, at now: Date) async throws -> Agreement {
        guard AgreementAuthority.mayDraft(user, provider: input.provider, consumer: input.consumer) else {
            throw Problem.forbidden("Drafting an agreement from '\(input.provider)' to '\(input.consumer)' needs the consumer's engineer or steward, or the provider's steward.")
        }
        let template = try await input.template.asyncFlatMap { try await self.template($0) }
        let systems = try await agencies.systems(of: input.consumer).map(\.code)
        return try input.agreement(id: id, drafter: user.username, at: now, template: template,
                                   target: targetFacts(input), consumerSystems: Set(systems))
    }

    func draft(_ input: AgreementDraft, by user: User) async throws -> Agreement {
        let agreement = try await build(input, id: Self.newID(), by: user, at: clock())
        try await commit(inserting: [agreement], updating: [])
        return agreement
    }

    /// The target as the drafting rules need it; nil when it does not exist. A service's
    /// fields are those it declares its responses contain; a linkage exists as soon as it is
    /// named (its project is created under the approved agreement), holds personal data, and
    /// its fields are whatever identifiers the parties agree to encode.
    func targetFacts(_ input: AgreementDraft) -> AgreementDraft.TargetFacts? {
        if let name = input.linkage {
            guard Slug.isValid(name) else { return nil }
            return AgreementDraft.TargetFacts(target: .linkage(name), publisher: input.provider, accessRights: .personal, fields: nil)
        }
        if let code = input.service {
            guard let service = policy.snapshot.service(provider: input.provider, code: code) else { return nil }
            return AgreementDraft.TargetFacts(target: .service(code), publisher: service.provider,
                                              accessRights: service.personalData ? .personal : .restricted, fields: service.responseFields)
        }
        guard let key = input.dataset, let dataset = catalog.snapshot.dataset(idOrName: key) else { return nil }
        var fields: [String] = []
        for distribution in dataset.distributions {
            for name in distribution.schema?.fieldNames ?? [] where !fields.contains(name) { fields.append(name) }
        }
        return AgreementDraft.TargetFacts(target: .dataset(dataset.id), publisher: dataset.publisher,
                                          accessRights: dataset.accessRights, fields: fields.isEmpty ? nil : fields)
    }

    func edit(_ id: String, _ input: AgreementDraft, by user: User) async throws -> Agreement {
        let stored = try await find(id, for: user)
        let now = clock()
        let edited = try AgreementLifecycle.apply(.edit, to: stored.agreement, by: user, at: now)
        var rebuilt = try await build(input, id: id, by: user, at: now)
        rebuilt.drafter = stored.agreement.drafter
        rebuilt.createdAt = stored.agreement.createdAt
        rebuilt.renewalOf = stored.agreement.renewalOf
        rebuilt.events = edited.events
        if let last = rebuilt.events.indices.last {
            rebuilt.events[last].changes = AgreementChange.between(stored.agreement, rebuilt)
        }
        try await commit(inserting: [], updating: [(stored, rebuilt)])
        return rebuilt
    }

    // MARK: Transitions

    func transition(_ id: String, _ action: AgreementAction, reason: String?, by user: User) async throws -> Agreement {
        let stored = try await find(id, for: user)
        let now = clock()
        let changed = try AgreementLifecycle.apply(action, to: stored.agreement, by: user, reason: reason, at: now)
        try await commit(inserting: [], updating: [(stored, changed)])
        return changed
    }

    func renew(_ id: String, by user: User) async throws -> Agreement {
        let stored = try await find(id, for: user)
        let now = clock()
        let (old, new) = try AgreementLifecycle.renewal(of: stored.agreement, id: Self.newID(), by: user, at: now)
        try await commit(inserting: [new], updating: [(stored, old)])
        return new
    }

    /// Saves, with an audit event for every timeline entry the change added, then brings the
    /// policy snapshot up to date. An update applies only if the agreement is unchanged since
    /// `read` (409 otherwise), so two stewards acting at once cannot both win.
    private func commit(inserting new: [Agreement], updating changed: [(read: AgreementRepository.Stored, changed: Agreement)]) async throws {
        var events: [AuditEvent] = []
        for agreement in new { events += agreement.events.map { AuditEvent($0, of: agreement) } }
        for (read, agreement) in changed {
            events += agreement.events.dropFirst(read.agreement.events.count).map { AuditEvent($0, of: agreement) }
        }
        try await agreements.write(inserting: new, updating: changed.map { .init(agreement: $0.changed, version: $0.read.version) },
                                   events: events)
        try await policy.refresh()
    }

    static func newID() -> String {
        "agr-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
