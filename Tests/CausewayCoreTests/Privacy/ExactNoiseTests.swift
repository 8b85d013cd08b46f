@testable import CausewayCore
import Foundation
import Testing

/// The samplers draw from exactly the distributions they claim: a chi-square goodness-of-fit
/// test on a million draws per scale against the probabilities computed from the formula,
/// and the empirical tails against ``NoiseMechanism/tail(beyond:)``.
///
/// The generator is seeded, so each test is one fixed experiment: it passes or fails the same
/// way on every run, and the threshold (p = 10⁻⁴) makes a correct sampler fail one seed in ten
/// thousand, a wrong one (a bias of a tenth of a percent in any bin) nearly always.
@Suite("Exact noise")
struct ExactNoiseTests {
    static let draws = 1_000_000

    /// The chi-square value above which a fit is rejected at p = 10⁻⁴ (Wilson–Hilferty).
    static func critical(degrees: Int) -> Double {
        let k = Double(degrees), z = 3.719
        return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
    }

    /// Draws `draws` samples and compares their histogram with `probability(z)`, pooling
    /// the bins expected to hold fewer than 20 draws into their tail.
    static func fit(_ probability: (Int64) -> Double, seed: UInt64, sample: (inout SeededRandom) -> Int64) -> (chi: Double, degrees: Int) {
        var random = SeededRandom(seed: seed)
        var counts: [Int64: Int] = [:]
        for _ in 0..<draws { counts[sample(&random), default: 0] += 1 }
        var limit: Int64 = 0
        while probability(limit + 1) * Double(draws) >= 20 { limit += 1 }
        var chi = 0.0, bins = 0, inside = 0.0
        for z in -limit...limit {
            let expected = probability(z) * Double(draws)
            let seen = Double(counts[z, default: 0])
            chi += (seen - expected) * (seen - expected) / expected
            inside += probability(z)
            bins += 1
        }
        let outsideExpected = (1 - inside) * Double(draws)
        let outsideSeen = Double(counts.filter { abs($0.key) > limit }.values.reduce(0, +))
        if outsideExpected >= 1 {
            chi += (outsideSeen - outsideExpected) * (outsideSeen - outsideExpected) / outsideExpected
            bins += 1
        }
        return (chi, bins - 1)
    }

    @Test(arguments: [(UInt64(1), UInt64(1)), (7, 2), (20, 1), (1, 3)])
    func discreteLaplaceFitsItsDistribution(scale: (UInt64, UInt64)) {
        let b = Double(scale.0) / Double(scale.1)
        let q = exp(-1 / b)
        let probability = { (z: Int64) in (1 - q) / (1 + q) * pow(q, Double(abs(z))) }
        let result = Self.fit(probability, seed: scale.0 * 31 + scale.1) { random in
            ExactNoise.discreteLaplace(scale: scale.0, over: scale.1, using: &random)
        }
        #expect(result.chi < Self.critical(degrees: result.degrees), "χ² \(result.chi) on \(result.degrees) degrees of freedom, scale \(b)")
    }

    @Test(arguments: [(UInt64(1), UInt64(1)), (9, 4), (100, 1), (1, 5)])
    func discreteGaussianFitsItsDistribution(variance: (UInt64, UInt64)) {
        let sigma2 = Double(variance.0) / Double(variance.1)
        let weight = { (z: Int64) in exp(-Double(z * z) / (2 * sigma2)) }
        let normaliser = (-400...400).reduce(0.0) { $0 + weight(Int64($1)) }
        let result = Self.fit({ weight($0) / normaliser }, seed: variance.0 * 17 + variance.1) { random in
            ExactNoise.discreteGaussian(variance: variance.0, over: variance.1, using: &random)
        }
        #expect(result.chi < Self.critical(degrees: result.degrees), "χ² \(result.chi) on \(result.degrees) degrees of freedom, σ² \(sigma2)")
    }

    @Test(arguments: [(UInt128(3), UInt128(10)), (1, 1), (5, 2), (0, 1), (40, 1)])
    func bernoulliOfExpComesUpAsOftenAsItShould(gamma: (UInt128, UInt128)) {
        var random = SeededRandom(seed: 11)
        let p = exp(-Double(gamma.0) / Double(gamma.1))
        let hits = (0..<Self.draws).count { _ in ExactNoise.bernoulliExp(gamma.0, over: gamma.1, using: &random) }
        let deviation = (Double(Self.draws) * p * (1 - p)).squareRoot()
        #expect(abs(Double(hits) - Double(Self.draws) * p) <= max(5 * deviation, 1), "\(hits) of \(Self.draws), expected p = \(p)")
    }

    /// The tail the accuracy statement is computed from matches what the sampler does.
    @Test(arguments: [PrivacyLoss.epsilon(0.5), .rho(0.02)])
    func tailsMatchTheSampler(loss: PrivacyLoss) throws {
        let noise = try NoiseMechanism(loss: loss, sensitivity: 1)
        var random = SeededRandom(seed: 5)
        let draws = (0..<200_000).map { _ in noise.sample(using: &random) }
        for k in [Int64(0), 1, 2, noise.halfWidth() - 1, noise.halfWidth()] {
            let seen = Double(draws.count { abs($0) > k }) / Double(draws.count)
            let stated = noise.tail(beyond: k)
            let deviation = (stated * (1 - stated) / Double(draws.count)).squareRoot()
            #expect(abs(seen - stated) <= 5 * deviation, "P(|z| > \(k)): drawn \(seen), stated \(stated)")
        }
        let width = noise.halfWidth()
        #expect(noise.tail(beyond: width) <= 0.05 && noise.tail(beyond: width - 1) > 0.05)
    }

    /// The generator is ChaCha20: RFC 8439 § 2.3.2's block (key 00…1f, counter 1, nonce
    /// 00000009 0000004a 00000000, here as a 64-bit counter and a 64-bit nonce), as Python's
    /// `cryptography` computes it.
    @Test func theSecureGeneratorIsTheChaCha20Keystream() {
        var random = SecureRandom(key: [0x0302_0100, 0x0706_0504, 0x0B0A_0908, 0x0F0E_0D0C, 0x1312_1110, 0x1716_1514, 0x1B1A_1918, 0x1F1E_1D1C],
                                  nonce: (0x4A00_0000, 0), counter: 0x0900_0000_0000_0001)
        let expected: [UInt64] = [0x1559_3BD1_E4E7_F110, 0xC471_20A3_1FDD_0F50, 0x0368_C033_C7F4_D1C7, 0x4E6C_D4C3_9AAA_2204,
                                  0x09AA_9F07_4664_82D2, 0xA202_8BD9_05D7_C214, 0xB94E_16DE_D19C_12B5, 0x4E3C_50A2_E883_D0CB]
        #expect((0..<8).map { _ in random.next() } == expected)
        // Two generators made the ordinary way share nothing.
        var first = SecureRandom(), second = SecureRandom()
        #expect((0..<4).map { _ in first.next() } != (0..<4).map { _ in second.next() })
    }

    @Test func calibrationIsExactAndCostsNoMoreThanAsked() throws {
        let laplace = try NoiseMechanism(loss: .epsilon(0.1), sensitivity: 3)
        #expect(laplace.kind == .discreteLaplace && laplace.scale == 30 && abs((laplace.epsilon ?? 0) - 0.1) < 1e-12)
        #expect(abs(laplace.rho - 0.005) < 1e-12)
        let gaussian = try NoiseMechanism(loss: .rho(0.5), sensitivity: 1)
        #expect(gaussian.kind == .discreteGaussian && gaussian.scale == 1 && gaussian.rho == 0.5)
        // A loss finer than a millionth is rounded down: more noise, never less.
        let rounded = try NoiseMechanism(loss: .epsilon(0.0000015), sensitivity: 1)
        #expect(rounded.scale == 1_000_000)
        // The 95% half-width of Laplace with scale b is about b·ln(20/(1+e^{-1/b})).
        #expect(laplace.halfWidth() == 90)
        #expect(gaussian.halfWidth() == 2)
    }

    @Test func statedLossesAreChecked() {
        for bad in [PrivacyLoss.epsilon(0), .epsilon(-1), .epsilon(.nan), .epsilon(.infinity), .rho(0.0000001), .rho(1_000)] {
            #expect(throws: PrivacyLoss.Invalid.self) { try bad.validated() }
        }
        #expect((try? PrivacyLoss.epsilon(1).validated()) == .epsilon(1))
        #expect(throws: NoiseMechanism.Unsupported.self) { try NoiseMechanism(loss: .epsilon(1), sensitivity: 0) }
        // ρ = 0.5 is about ε = 5.7 at δ = 10⁻⁶.
        #expect(abs(PrivacyLoss.epsilon(forRho: 0.5, delta: 1e-6) - 5.756) < 0.001)
    }
}
