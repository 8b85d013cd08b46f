import CausewayCore
import CausewayStore
import Foundation

/// `/console/privacy`: the privacy budgets a person's agencies hold as consumers (what their
/// systems have left, and the answers they spent it on) and, for a provider's stewards, DPOs
/// and admins, the budgets their agencies grant and every spend on their datasets.
struct PrivacyConsolePage {
    struct Budget {
        var agreement: String
        var agreementHref: String
        var dataset: String
        var system: String
        var spent: String
        var total: String
        var percent: Int
        var today: String?
        var asEpsilon: String
    }

    struct Spend {
        var at: String
        var system: String
        var dataset: String
        var statistic: String
        var cost: String
        var logIndex: String?
        /// A steward's release: the open dataset that holds its tables.
        var releaseHref: String?
    }

    var chrome: PageChrome
    var held: [Budget]
    var heldSpends: [Spend]
    var granted: [Budget]
    var grantedSpends: [Spend]
    var isSteward: Bool

    static func budget(_ status: PrivacyBudgetStatus) -> Budget {
        Budget(agreement: status.agreement, agreementHref: "/console/agreements/\(status.agreement)", dataset: status.dataset, system: status.system,
               spent: PrivacyBudgetStatus.text(status.spent), total: PrivacyBudgetStatus.text(status.rho), percent: status.rho > 0 ? Int((status.spent / status.rho * 100).rounded()) : 0,
               today: status.dailyRho.map { "\(PrivacyBudgetStatus.text(status.remainingToday ?? 0)) of \(PrivacyBudgetStatus.text($0)) left today" },
               asEpsilon: "ε ≈ \(PrivacyBudgetStatus.text((status.epsilonAtDelta * 100).rounded() / 100)) at δ = 10⁻⁶")
    }

    static func spend(_ spend: PrivacyLedger.Spend) -> Spend {
        Spend(at: PageText.dateTime(spend.at), system: spend.system, dataset: spend.dataset, statistic: spend.statistic,
              cost: "ρ = \(PrivacyBudgetStatus.text(spend.rho))" + (spend.epsilon.map { " (ε = \(PrivacyBudgetStatus.text($0)))" } ?? "") + (spend.delta > 0 ? ", δ = \(spend.delta)" : ""),
              logIndex: spend.logIndex.map(String.init), releaseHref: spend.release.map { "/datasets/\($0)" })
    }
}
