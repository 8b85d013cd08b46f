import Foundation

/// The noise one answer gets: its distribution calibrated to the query's sensitivity (how far
/// one person can move the true answer) and the stated loss, what it costs, and how far the
/// answer may lie from the truth.
///
/// Parameters are exact rationals so the samplers in ``ExactNoise`` can draw from them:
/// discrete Laplace with scale Δ/ε = (Δ·10⁶)/ε₆ where ε₆ is ε in millionths; discrete
/// Gaussian with σ² = Δ²/(2ρ) = (Δ²·10⁶)/(2ρ₆). The cost reported is that of these exact
/// parameters, never more than the loss asked for.
public struct NoiseMechanism: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case discreteLaplace = "discrete-laplace"
        case discreteGaussian = "discrete-gaussian"
    }

    public let kind: Kind
    /// The L1 (Laplace) or L2 (Gaussian) sensitivity, in the query's integer units.
    public let sensitivity: UInt64
    /// Laplace: the scale `numerator / denominator`; Gaussian: σ² = `numerator / denominator`.
    @usableFromInline let numerator: UInt64
    @usableFromInline let denominator: UInt64

    /// Sensitivity is capped so Δ²·10⁶ fits the samplers' integers.
    public static let largestSensitivity: UInt64 = 1_000_000

    public struct Unsupported: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public init(loss: PrivacyLoss, sensitivity: UInt64) throws(Unsupported) {
        guard sensitivity >= 1, sensitivity <= Self.largestSensitivity else {
            throw Unsupported(reason: "one person may move this answer by \(sensitivity); the bounds must keep it between 1 and \(Self.largestSensitivity)")
        }
        self.sensitivity = sensitivity
        let micros = max(loss.micros, 1)
        let scaled: UInt64
        switch loss {
        case .epsilon:
            kind = .discreteLaplace
            scaled = sensitivity * UInt64(PrivacyLoss.resolution)
            (numerator, denominator) = Self.reduced(scaled, micros)
        case .rho:
            kind = .discreteGaussian
            scaled = sensitivity * sensitivity * UInt64(PrivacyLoss.resolution)
            (numerator, denominator) = Self.reduced(scaled, 2 * micros)
        }
    }

    static func reduced(_ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return (a / x, b / x)
    }

    /// The Laplace scale b (P ∝ e^{-|z|/b}) or the Gaussian's σ.
    public var scale: Double {
        switch kind {
        case .discreteLaplace: Double(numerator) / Double(denominator)
        case .discreteGaussian: (Double(numerator) / Double(denominator)).squareRoot()
        }
    }

    /// The ρ these exact parameters cost: (Δ/b)²/2 for Laplace, Δ²/(2σ²) for Gaussian.
    public var rho: Double {
        let delta = Double(sensitivity)
        switch kind {
        case .discreteLaplace: let epsilon = delta / scale; return epsilon * epsilon / 2
        case .discreteGaussian: return delta * delta * Double(denominator) / (2 * Double(numerator))
        }
    }

    /// The pure ε of a Laplace answer (nil for Gaussian, which has none).
    public var epsilon: Double? {
        kind == .discreteLaplace ? Double(sensitivity) / scale : nil
    }

    /// One noise draw.
    @inlinable
    public func sample(using random: inout some RandomNumberGenerator) -> Int64 {
        switch kind {
        case .discreteLaplace: ExactNoise.discreteLaplace(scale: numerator, over: denominator, using: &random)
        case .discreteGaussian: ExactNoise.discreteGaussian(variance: numerator, over: denominator, using: &random)
        }
    }

    /// The probability that the noise exceeds `k` in absolute value, computed from the
    /// distribution (closed form for Laplace; summed, or the normal tail when σ is large
    /// enough that the two agree to far below a millionth, for Gaussian).
    public func tail(beyond k: Int64) -> Double {
        switch kind {
        case .discreteLaplace:
            let q = exp(-1 / scale)
            return 2 * pow(q, Double(k + 1)) / (1 + q)
        case .discreteGaussian:
            let sigma = scale
            if sigma > 1_000 { return erfc((Double(k) + 0.5) / (sigma * 2.0.squareRoot())) }
            let limit = Int64((sigma * 40).rounded(.up)) + 1
            var total = 1.0, outside = 0.0
            for z in 1...max(limit, k + 1) {
                let w = 2 * exp(-Double(z) * Double(z) / (2 * sigma * sigma))
                total += w
                if z > k { outside += w }
            }
            return outside / total
        }
    }

    /// The smallest k with P(|noise| ≤ k) ≥ `confidence`: the answer lies within ±k of the
    /// truth with at least that probability.
    public func halfWidth(confidence: Double = 0.95) -> Int64 {
        let alpha = 1 - confidence
        // The tail falls as k grows: search for the first k whose tail is at most α.
        var low: Int64 = 0, high = Int64((scale * 60).rounded(.up)) + 2
        while low < high {
            let middle = low + (high - low) / 2
            if tail(beyond: middle) <= alpha { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
