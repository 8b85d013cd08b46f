import ArgumentParser
import CausewayCore
import Foundation

/// `causeway-bench noise`: discrete Laplace (scale 10) and discrete Gaussian (σ = 10) samples
/// from the secure generator, against drawing as many 64-bit words from that generator alone
/// (the baseline, same run). Prints one JSON object.
struct NoiseBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "noise")

    @Option(help: "Samples drawn by each sampler, and words by the baseline.") var samples = 5_000_000

    func run() async throws {
        var random = SecureRandom()
        var sink: UInt64 = 0
        var start = ContinuousClock.now
        for _ in 0..<samples { sink &+= random.next() }
        let words = (ContinuousClock.now - start).seconds
        start = ContinuousClock.now
        for _ in 0..<samples { sink &+= UInt64(bitPattern: ExactNoise.discreteLaplace(scale: 10, over: 1, using: &random)) }
        let laplace = (ContinuousClock.now - start).seconds
        start = ContinuousClock.now
        for _ in 0..<samples { sink &+= UInt64(bitPattern: ExactNoise.discreteGaussian(variance: 100, over: 1, using: &random)) }
        let gaussian = (ContinuousClock.now - start).seconds
        let result: [String: Any] = [
            "samples": samples, "wordsPerSecond": Double(samples) / words, "laplacePerSecond": Double(samples) / laplace,
            "gaussianPerSecond": Double(samples) / gaussian, "check": sink != 42,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }
}
