import CausewayCore
import CausewayStore
import Foundation

/// Publishes a steward's noisy tables as an open dataset (`POST /api/v1/privacy/releases`):
/// each table answered like an analyst's query, hosted as CSV, with the release's privacy
/// parameters in the dataset's metadata (``ReleasePrivacy``).
///
/// The order keeps refusals free and figures accounted for: who asks, the draft, every
/// table's query and the new dataset's metadata are checked before the source is read; the
/// spend and its `privacy.released` log entry are committed before anything is published,
/// so no figure is ever public without its record. Stateless and `Sendable`.
struct PrivacyReleases: Sendable {
    let catalog: CatalogService
    let access: HostedAccess
    let data: HostedDataRepository
    let ledger: PrivacyLedger
    let editor: DatasetEditor
    let uploads: UploadService
    let clock: @Sendable () -> Date

    /// One table, checked and calibrated, with the distribution that will hold it.
    private struct Planned {
        var table: ReleaseDraft.Table
        var distribution: String
        var target: HostedAccess.Target
        var plan: PrivateQueryPlan
        var release: PrivateRelease
    }

    func publish(_ draft: ReleaseDraft, by user: User) async throws -> Dataset {
        try draft.validate()
        guard let source = catalog.snapshot.dataset(idOrName: draft.source) else {
            throw ValidationError([FieldError("/source", "there is no dataset '\(draft.source)'")])
        }
        guard user.memberships.contains(where: { $0.agency == source.publisher && ($0.role == .steward || $0.role == .admin) }) else {
            throw Problem.forbidden("Only the stewards and admins of '\(source.publisher)' may release statistics computed from its data.")
        }
        if catalog.snapshot.dataset(idOrName: draft.name) != nil { throw Problem.conflict("dataset", draft.name) }

        var planned: [Planned] = []
        var validator = Validator()
        for (index, table) in draft.tables.enumerated() {
            let target = try await access.target(dataset: source.id, distribution: table.query.distribution)
            do {
                let plan = try PrivateQueryPlan(table.query, schema: target.schema)
                do {
                    planned.append(Planned(table: table, distribution: DatasetEditor.newID(), target: target, plan: plan,
                                           release: try PrivateRelease(plan: plan)))
                } catch {
                    validator.add(FieldError("/tables/\(index)/query/bounds", error.reason))
                }
            } catch {
                validator.merge(error, under: "/tables/\(index)/query")
            }
        }
        try validator.finish()

        let now = clock()
        let datasetDraft = DatasetDraft(
            name: draft.name, title: draft.title, description: draft.description, publisher: source.publisher,
            keywords: (draft.keywords ?? []) + ["differential privacy"], themes: source.themes, contactPoint: source.contactPoint,
            license: draft.license ?? ReleaseDraft.defaultLicense, accessRights: .public, accrualPeriodicity: .NEVER,
            temporal: source.temporal, spatial: source.spatial,
            distributions: planned.map {
                DistributionDraft(id: $0.distribution, title: $0.table.title, description: $0.table.description, format: "CSV",
                                  mediaType: "text/csv",
                                  schema: ReleasedTable.schema(statistic: $0.plan.query.statistic, groupBy: $0.plan.groupNames))
            })
        do {
            _ = try datasetDraft.validated(id: "release-check", issued: now, now: now, newID: DatasetEditor.newID)
        } catch {
            // The draft's pointers are the release's own (/name, /title, /license…), but for its tables.
            throw ValidationError(error.errors.map { FieldError($0.pointer.replacingOccurrences(of: "/distributions/", with: "/tables/"), $0.detail) })
        }
        if let license = License.named(datasetDraft.license), !license.isOpen {
            throw ValidationError([FieldError("/license", "a release is open data: give it an open licence")])
        }

        // Read the source and draw the noise; nothing is shown until the spend is on the record.
        var random = SecureRandom()
        var answers: [(distribution: String, title: String, query: PrivateQuery, groupBy: [String], answer: PrivateAnswer)] = []
        var version = 0
        for part in planned {
            let (read, rows) = try await data.aggregates(of: part.target.distribution.id, part.plan.aggregates)
            version = max(version, read.version)
            answers.append((part.distribution, part.table.title, part.plan.query, part.plan.groupNames, part.release.answer(rows, using: &random)))
        }
        let privacy = ReleasePrivacy(source: source.id, sourceVersion: version, released: now, releasedBy: user.username, answers: answers)

        var details = ["release": draft.name, "tables": String(answers.count), "rho": PrivacyBudgetStatus.text(privacy.rho),
                       "delta": PrivacyBudgetStatus.text(privacy.delta)]
        if let epsilon = privacy.epsilon { details["epsilon"] = PrivacyBudgetStatus.text(epsilon) }
        _ = try await ledger.recordRelease(
            PrivacyLedger.Spend(id: UUID().uuidString.lowercased(), agreement: PrivacyLedger.Spend.release(dataset: draft.name),
                                system: user.username, dataset: source.id, statistic: "release", rho: privacy.rho, epsilon: privacy.epsilon,
                                delta: privacy.delta, analyst: user.username, at: now),
            event: AuditEvent(kind: "privacy.released", at: now, actor: user.username, subject: "datasets/\(source.id)",
                              agencies: [source.publisher], details: details))

        let dataset = try await editor.create(datasetDraft, by: user, privacy: privacy)
        for (part, answer) in zip(planned, answers) {
            guard let distribution = dataset.distribution(id: part.distribution) else { continue }
            let job = try await uploads.load(csv: ReleasedTable.csv(answer.answer, groupBy: answer.groupBy), into: dataset, distribution,
                                             by: user.username)
            guard job.state == .succeeded else {
                throw ReleaseLoadFailed(dataset: dataset.name, table: part.table.title, detail: job.detail ?? "the upload job failed")
            }
        }
        return catalog.snapshot.dataset(idOrName: dataset.id) ?? dataset
    }

    /// A table the node wrote itself did not load: a fault of the node, never of the request.
    struct ReleaseLoadFailed: Error, CustomStringConvertible {
        var dataset: String
        var table: String
        var detail: String
        var description: String { "release \(dataset): table '\(table)' did not load: \(detail)" }
    }
}
