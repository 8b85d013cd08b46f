import CausewayCore
import CausewayStore
import Foundation

/// Answers private statistics queries: checks the query against the table and the agreed
/// fields, spends its cost from the agreement's budget (atomically, with the log entry),
/// reads the exact aggregates and adds the noise.
///
/// The order is what makes refusals free: nothing is read before the spend is admitted, and
/// nothing is spent before the query is known to be answerable. Stateless and `Sendable`.
struct PrivacyService: Sendable {
    let access: HostedAccess
    let data: HostedDataRepository
    let ledger: PrivacyLedger
    let clock: @Sendable () -> Date

    struct Answer: Encodable {
        var dataset: String
        var version: Int
        var agreement: String
        var answer: PrivateAnswer
        var budget: PrivacyBudgetStatus
        var logIndex: Int64?
    }

    /// Answers `query` on `dataset` for `system` (`agency/system`) under `grant`.
    func answer(_ query: PrivateQuery, dataset: Dataset, grant: PolicyDecision.Grant, system: String) async throws -> Answer {
        guard let budget = grant.privacyBudget else {
            throw Problem(.forbidden, code: "agreement.none", title: "No agreement grants private statistics",
                          detail: "Agreement \(grant.agreement) grants records, not private statistics.")
        }
        let target = try await access.target(dataset: dataset.id, distribution: query.distribution)
        let plan: PrivateQueryPlan
        do {
            plan = try PrivateQueryPlan(query, schema: target.schema, allowedFields: Set(grant.fields))
        } catch {
            throw Problem.invalid("The query cannot be answered privately as asked; nothing was spent.",
                                  errors: error.errors.map { .init(pointer: $0.pointer, detail: $0.detail) })
        }
        let release: PrivateRelease
        do { release = try PrivateRelease(plan: plan) } catch {
            throw Problem.invalid("The query cannot be answered privately as asked; nothing was spent.", errors: [.init(pointer: "/bounds", detail: error.reason)])
        }
        let now = clock()
        let cost = release.cost
        let spend = PrivacyLedger.Spend(id: UUID().uuidString.lowercased(), agreement: grant.agreement, system: system, dataset: dataset.id,
                                        statistic: query.statistic.rawValue, rho: cost.rho, epsilon: cost.epsilon, delta: plan.delta,
                                        analyst: system, at: now)
        var details = ["agreement": grant.agreement, "statistic": query.statistic.rawValue, "rho": PrivacyBudgetStatus.text(cost.rho), "delta": PrivacyBudgetStatus.text(plan.delta)]
        if let epsilon = cost.epsilon { details["epsilon"] = PrivacyBudgetStatus.text(epsilon) }
        if !plan.groupNames.isEmpty { details["groupBy"] = plan.groupNames.joined(separator: ",") }
        let event = AuditEvent(kind: "privacy.spent", at: now, actor: system, subject: "datasets/\(dataset.id)",
                               agencies: [dataset.publisher, String(system.split(separator: "/").first ?? "")],
                               reason: grant.agreement, details: details)
        let stored: PrivacyLedger.Spend
        do {
            stored = try await ledger.spend(spend, budget: budget, event: event)
        } catch let exhausted as PrivacyBudget.Exhausted {
            let spent = try await ledger.spent(agreement: grant.agreement, system: system, now: now)
            var problem = Problem(.forbidden, code: "privacy.budget-exhausted", title: "The privacy budget does not cover this query",
                                  detail: Self.refusal(exhausted))
            let status = PrivacyBudgetStatus(agreement: grant.agreement, system: system, dataset: dataset.id, budget: budget, spent: spent, now: now)
            problem.budget = try? JSONDecoder().decode(JSONValue.self, from: APIJSON.encoder.encode(status))
            if let renews = exhausted.renewsAt { problem.retryAfter = Int(renews.timeIntervalSince(now).rounded(.up)) }
            throw problem
        }
        let (version, rows) = try await data.aggregates(of: target.distribution.id, plan.aggregates)
        var random = SecureRandom()
        let answer = release.answer(rows, using: &random)
        let spent = try await ledger.spent(agreement: grant.agreement, system: system, now: now)
        return Answer(dataset: dataset.id, version: version.version, agreement: grant.agreement, answer: answer,
                      budget: PrivacyBudgetStatus(agreement: grant.agreement, system: system, dataset: dataset.id, budget: budget, spent: spent, now: now),
                      logIndex: stored.logIndex)
    }

    /// Where each budget the agreements grant stands now: one per agreement and consumer
    /// system (only `system`'s when given), as the analyst's, the steward's and the console's
    /// views show them.
    func statuses(of agreements: [Agreement], system: String? = nil) async throws -> [PrivacyBudgetStatus] {
        let now = clock()
        var result: [PrivacyBudgetStatus] = []
        for agreement in agreements {
            guard let budget = agreement.terms.privacyBudget else { continue }
            for qualified in agreement.qualifiedSystems where system == nil || qualified == system {
                result.append(PrivacyBudgetStatus(agreement: agreement.id, system: qualified, dataset: agreement.target.identifier, budget: budget,
                                                  spent: try await ledger.spent(agreement: agreement.id, system: qualified, now: now), now: now))
            }
        }
        return result
    }

    /// Every spend on the datasets `agencies` publish (only `dataset`'s, by id or name, when
    /// given), newest first: analysts' under agreements and stewards' releases, as the
    /// steward's API view and the console show them.
    func spends(onDatasetsOf agencies: Set<String>, dataset: String? = nil, limit: Int) async throws -> [PrivacyLedger.Spend] {
        let datasets = access.catalog.snapshot.index.datasetsByName.filter {
            agencies.contains($0.publisher) && (dataset == nil || $0.id == dataset || $0.name == dataset)
        }
        return try await ledger.spends(datasets: datasets.map(\.id), limit: limit)
    }

    static func refusal(_ exhausted: PrivacyBudget.Exhausted) -> String {
        let asked = PrivacyBudgetStatus.text(exhausted.asked)
        if let renews = exhausted.renewsAt {
            return "The query costs ρ = \(asked); \(PrivacyBudgetStatus.text(exhausted.remainingToday ?? 0)) is left of today's allowance (\(PrivacyBudgetStatus.text(exhausted.remaining)) in total). The allowance renews at \(Timestamp.string(renews)). Nothing was spent."
        }
        return "The query costs ρ = \(asked); \(PrivacyBudgetStatus.text(exhausted.remaining)) is left of the agreement's budget. Ask for less (a smaller loss) or for a new agreement. Nothing was spent."
    }
}
