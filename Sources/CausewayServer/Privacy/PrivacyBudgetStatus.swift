import CausewayCore
import Foundation

/// Where a budget stands, as the analyst, the steward and a refusal show it: ρ granted,
/// spent and left, today's allowance, and the total as (ε, δ) for readers who think in ε.
public struct PrivacyBudgetStatus: Sendable, Codable, Hashable {
    public var agreement: String
    public var system: String
    public var dataset: String
    public var rho: Double
    public var spent: Double
    public var remaining: Double
    public var dailyRho: Double?
    public var spentToday: Double?
    public var remainingToday: Double?
    /// When today's allowance renews (the next UTC midnight), when there is one.
    public var renewsAt: Date?
    /// The whole budget stated as (ε, δ = 10⁻⁶)-DP.
    public var epsilonAtDelta: Double
    public var delta: Double

    static let statedDelta = 1e-6

    init(agreement: String, system: String, dataset: String, budget: PrivacyBudget, spent: PrivacyBudget.Spent, now: Date) {
        self.agreement = agreement
        self.system = system
        self.dataset = dataset
        rho = budget.rho
        self.spent = Self.rounded(spent.total)
        remaining = Self.rounded(max(0, budget.rho - spent.total))
        dailyRho = budget.dailyRho
        spentToday = budget.dailyRho.map { _ in Self.rounded(spent.today) }
        remainingToday = budget.dailyRho.map { Self.rounded(max(0, $0 - spent.today)) }
        renewsAt = budget.dailyRho.map { _ in PrivacyBudget.nextDay(after: now) }
        delta = Self.statedDelta
        epsilonAtDelta = Self.rounded(PrivacyLoss.epsilon(forRho: budget.rho, delta: Self.statedDelta))
    }

    /// Millionths, as the ledger counts.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    /// A loss or budget as people read it: to the millionth, without an exponent ("0.00005").
    static func text(_ value: Double) -> String {
        var text = String(format: "%.6f", rounded(value))
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
