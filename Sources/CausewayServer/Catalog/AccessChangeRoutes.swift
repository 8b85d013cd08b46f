import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/api/v1/datasets/{dataset}/access-changes`: opening a dataset's data to more readers, by a
/// data steward and a DPO of its agency — one proposes, the other approves (``AccessChange``).
/// Every step is a transparency-log entry; the approval changes the dataset in the same
/// transaction.
struct AccessChangeRoutes {
    let catalog: CatalogService
    let datasets: DatasetRepository
    let changes: AccessChangeRepository
    let clock: @Sendable () -> Date

    struct Proposal: Codable {
        var accessRights: AccessRights
        var reason: String
    }

    struct Rejection: Codable {
        var reason: String
    }

    /// An access change as the API shows it: its state by name, and the decision flat.
    struct Body: Codable, ResponseEncodable {
        var id, dataset, publisher, from, to, reason, proposedBy, proposedAs: String
        var proposedAt: Date
        var state: String
        var decidedBy: String?
        var decidedAs: String?
        var decidedAt: Date?
        var decisionReason: String?

        init(_ change: AccessChange) {
            id = change.id
            dataset = change.dataset
            publisher = change.publisher
            from = change.from.rawValue
            to = change.to.rawValue
            reason = change.reason
            proposedBy = change.proposedBy
            proposedAs = change.proposedAs.rawValue
            proposedAt = change.proposedAt
            switch change.state {
            case .pending:
                state = "pending"
            case .applied(let by, let capacity, let at):
                state = "applied"
                (decidedBy, decidedAs, decidedAt) = (by, capacity.rawValue, at)
            case .rejected(let by, let at, let why):
                state = "rejected"
                (decidedBy, decidedAt, decisionReason) = (by, at, why)
            }
        }
    }

    struct Listing: Codable {
        var results: [Body]
    }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("datasets/:dataset/access-changes", use: list)
        group.post("datasets/:dataset/access-changes", use: propose)
        group.post("datasets/:dataset/access-changes/:change/approve", use: approve)
        group.post("datasets/:dataset/access-changes/:change/reject", use: reject)
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let dataset = try await load(context)
        guard user.isOperator || !user.roles(in: dataset.publisher).isEmpty else {
            throw Problem.forbidden("Only people of '\(dataset.publisher)' and operators may see its access changes.")
        }
        return try JSONResponse.make(Listing(results: try await changes.list(dataset: dataset.id).map(Body.init)))
    }

    @Sendable func propose(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let dataset = try await load(context)
        let proposal = try await StrictJSON.decode(Proposal.self, from: request, limit: 16 * 1024)
        let change = try AccessChange.propose(id: UUID().uuidString.lowercased(), dataset: dataset, to: proposal.accessRights,
                                              reason: proposal.reason, by: user, at: clock())
        try await changes.propose(change)
        return try JSONResponse.make(Body(change), status: .created,
                                     headers: [.location: "/api/v1/datasets/\(dataset.id)/access-changes/\(change.id)"])
    }

    @Sendable func approve(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let (dataset, change) = try await loadChange(context)
        let now = clock()
        let approved = try change.approved(by: user, current: dataset.accessRights, at: now)
        var opened = dataset
        opened.accessRights = approved.to
        opened.modified = now
        try await changes.decide(approved, dataset: opened)
        try await catalog.refresh()
        return try JSONResponse.make(Body(approved))
    }

    @Sendable func reject(_ request: Request, context: CausewayContext) async throws -> Response {
        let user = try context.requireUser()
        let (_, change) = try await loadChange(context)
        let body = try await StrictJSON.decode(Rejection.self, from: request, limit: 16 * 1024)
        let rejected = try change.rejected(by: user, reason: body.reason, at: clock())
        try await changes.decide(rejected)
        return try JSONResponse.make(Body(rejected))
    }

    private func load(_ context: CausewayContext) async throws -> Dataset {
        let key = try context.parameters.require("dataset")
        guard let dataset = try await datasets.find(idOrName: key) else { throw Problem.notFound("dataset", key) }
        return dataset
    }

    private func loadChange(_ context: CausewayContext) async throws -> (Dataset, AccessChange) {
        let dataset = try await load(context)
        let id = try context.parameters.require("change")
        guard let change = try await changes.find(id), change.dataset == dataset.id else { throw Problem.notFound("access-change", id) }
        return (dataset, change)
    }
}

