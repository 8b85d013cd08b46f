/// Exact samplers for integer noise: Bernoulli(n/d), Bernoulli(exp(-n/d)), the discrete
/// Laplace and the discrete Gaussian, after Canonne, Kamath and Steinke, "The Discrete
/// Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1–3.
///
/// Why not `Double`: a floating-point Laplace sample leaks the true value through the
/// pattern of representable results (Mironov 2012). Every step here is integer arithmetic on
/// uniform draws from the generator, so each output has exactly the stated probability.
/// Parameters are rationals of 128-bit integers; a product that would overflow stands for a
/// probability below 2⁻⁶⁴ and is taken as zero.
///
/// Pure functions of the generator: deterministic under a seeded one (tests), secure under
/// ``SecureRandom`` (queries).
public enum ExactNoise {
    /// True with probability `n / d` (`0 ≤ n ≤ d`, `d > 0`).
    @inlinable
    public static func bernoulli(_ n: UInt128, over d: UInt128, using random: inout some RandomNumberGenerator) -> Bool {
        // One 64-bit draw when the denominator allows (almost always), two otherwise.
        if d <= UInt128(UInt64.max) { return UInt128(UInt64.random(in: 0..<UInt64(d), using: &random)) < n }
        return UInt128.random(in: 0..<d, using: &random) < n
    }

    /// True with probability `exp(-n / d)` (`d > 0`).
    @inlinable
    public static func bernoulliExp(_ n: UInt128, over d: UInt128, using random: inout some RandomNumberGenerator) -> Bool {
        var rest = n
        // exp(-γ) = exp(-1)^⌊γ⌋ · exp(-(γ - ⌊γ⌋)); each factor a coin that must come up.
        while rest > d {
            guard bernoulliExpAtMostOne(1, over: 1, using: &random) else { return false }
            rest -= d
        }
        return bernoulliExpAtMostOne(rest, over: d, using: &random)
    }

    /// Algorithm 1 for γ = n/d ∈ [0, 1]: the number of coins Bernoulli(γ/k) that come up
    /// in a row, k = 1, 2, …, is odd with probability exp(-γ).
    @inlinable
    static func bernoulliExpAtMostOne(_ n: UInt128, over d: UInt128, using random: inout some RandomNumberGenerator) -> Bool {
        var k: UInt128 = 1
        while true {
            let (scaled, overflow) = d.multipliedReportingOverflow(by: k)
            if overflow || !bernoulli(n, over: scaled, using: &random) { break }
            k += 1
        }
        return k % 2 == 1
    }

    /// A discrete Laplace sample with scale `t / s`: P(z) ∝ exp(-|z| · s / t) (Algorithm 2).
    @inlinable
    public static func discreteLaplace(scale t: UInt64, over s: UInt64, using random: inout some RandomNumberGenerator) -> Int64 {
        precondition(t > 0 && s > 0, "a discrete Laplace scale is a positive rational")
        while true {
            let u = UInt64.random(in: 0..<t, using: &random)
            guard bernoulliExp(UInt128(u), over: UInt128(t), using: &random) else { continue }
            var v: UInt128 = 0
            while bernoulliExpAtMostOne(1, over: 1, using: &random) { v += 1 }
            let x = UInt128(u) + UInt128(t) * v
            let y = x / UInt128(s)
            let negative = Bool.random(using: &random)
            if negative && y == 0 { continue }
            guard y <= UInt128(Int64.max) else { continue }
            return negative ? -Int64(y) : Int64(y)
        }
    }

    /// A discrete Gaussian sample with variance parameter σ² = `a / b`: P(z) ∝ exp(-z² / 2σ²)
    /// (Algorithm 3: a discrete Laplace proposal with scale ⌊σ⌋ + 1, accepted with the ratio
    /// of the two densities, itself an exact Bernoulli of exp of a rational).
    @inlinable
    public static func discreteGaussian(variance a: UInt64, over b: UInt64, using random: inout some RandomNumberGenerator) -> Int64 {
        precondition(a > 0 && b > 0, "a discrete Gaussian variance is a positive rational")
        let t = floorSquareRoot(a, over: b) + 1
        let (a128, b128, t128) = (UInt128(a), UInt128(b), UInt128(t))
        // exp(-(|y| - σ²/t)² / 2σ²) = exp(-(|y|·t·b - a)² / (2·a·b·t²)).
        let denominator = 2 * a128 * b128 * t128 * t128
        while true {
            let y = discreteLaplace(scale: t, over: 1, using: &random)
            let (yt, o1) = UInt128(y.magnitude).multipliedReportingOverflow(by: t128 * b128)
            guard !o1 else { continue }
            let gap = yt >= a128 ? yt - a128 : a128 - yt
            let (numerator, o2) = gap.multipliedReportingOverflow(by: gap)
            guard !o2 else { continue }
            if bernoulliExp(numerator, over: denominator, using: &random) { return y }
        }
    }

    /// ⌊√(a/b)⌋ computed exactly: the largest r with r²·b ≤ a.
    @usableFromInline
    static func floorSquareRoot(_ a: UInt64, over b: UInt64) -> UInt64 {
        let fits = { (r: UInt64) in UInt128(r) * UInt128(r) * UInt128(b) <= UInt128(a) }
        var r = UInt64((Double(a) / Double(b)).squareRoot())
        while r > 0 && !fits(r) { r -= 1 }
        while fits(r + 1) { r += 1 }
        return r
    }
}
