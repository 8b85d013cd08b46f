import Foundation

/// How much privacy an answer may cost, as an analyst states it: pure ε (answered with
/// discrete Laplace noise) or ρ of zero-concentrated DP (answered with discrete Gaussian
/// noise, which composes better over many queries).
///
/// Budgets are kept in ρ, the one unit both compose in: an ε-DP answer is (ε²/2)-zCDP
/// (Bun and Steinke 2016, Proposition 1.4), and ρ-zCDP is (ρ + 2√(ρ·ln(1/δ)), δ)-DP for every
/// δ > 0 (Proposition 1.3), which is how a total is stated in the (ε, δ) most readers know.
public enum PrivacyLoss: Sendable, Hashable {
    case epsilon(Double)
    case rho(Double)

    /// Loss is counted in millionths: a request is rounded down to one (less loss, more
    /// noise: never weaker than asked), and a loss below a millionth is refused as no answer.
    public static let resolution: Double = 1_000_000
    /// Above these an answer is close to the true value and protects no one; refused.
    public static let largestEpsilon: Double = 20
    public static let largestRho: Double = 20

    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Checks a stated loss: a finite number between a millionth and the largest accepted.
    public func validated() throws(Invalid) -> PrivacyLoss {
        let (name, value, largest) = switch self {
        case .epsilon(let value): ("epsilon", value, Self.largestEpsilon)
        case .rho(let value): ("rho", value, Self.largestRho)
        }
        guard value.isFinite else { throw Invalid(reason: "\(name) must be a finite number") }
        guard value >= 1 / Self.resolution else { throw Invalid(reason: "\(name) must be positive (at least 0.000001)") }
        guard value <= largest else { throw Invalid(reason: "\(name) above \(Int(largest)) protects no one; ask for less") }
        return self
    }

    /// The loss in millionths, rounded down.
    var micros: UInt64 {
        switch self {
        case .epsilon(let value), .rho(let value): UInt64((value * Self.resolution).rounded(.down))
        }
    }

    /// What the answer costs in zCDP's ρ.
    public var rho: Double {
        switch self {
        case .epsilon: let epsilon = Double(micros) / Self.resolution; return epsilon * epsilon / 2
        case .rho: return Double(micros) / Self.resolution
        }
    }

    /// ρ-zCDP stated as (ε, δ)-DP.
    public static func epsilon(forRho rho: Double, delta: Double) -> Double {
        rho + 2 * (rho * log(1 / delta)).squareRoot()
    }

    /// A sum of losses rounded to twelve decimals, so that composition reads as people add:
    /// ε = 0.4 costs ρ = 0.08, not 0.08000000000000002, and 0.05 + 0.05 is 0.1.
    public static func tidy(_ value: Double) -> Double {
        (value * 1e12).rounded() / 1e12
    }
}
