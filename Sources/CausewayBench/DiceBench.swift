import ArgumentParser
import CausewayCore
import Foundation

/// `causeway-bench dice`: every pair of two files of encodings compared by Dice (the matcher's
/// candidates at a threshold), repeated for at least `--seconds`; prints one JSON object with
/// comparisons per second. bench/linkage.sh runs anonlink on the same files beside it.
struct DiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dice")

    @Option(help: "The least similarity of a candidate.") var threshold = 0.8
    @Option(help: "Repeat for at least this long.") var seconds = 3.0
    @Argument var first: String
    @Argument var second: String

    func run() async throws {
        let left = try CLKList.decode(try Data(contentsOf: URL(fileURLWithPath: first)))
        let right = try CLKList.decode(try Data(contentsOf: URL(fileURLWithPath: second)))
        let matcher = LinkageMatcher(threshold: threshold)
        var comparisons = 0, candidates = 0, rounds = 0
        let start = ContinuousClock.now
        repeat {
            let result = matcher.candidates(left, right)
            comparisons += result.comparisons
            candidates = result.pairs.count
            rounds += 1
        } while (ContinuousClock.now - start).seconds < seconds
        let elapsed = (ContinuousClock.now - start).seconds
        let result: [String: Any] = ["comparisonsPerSecond": Double(comparisons) / elapsed, "candidates": candidates, "rounds": rounds,
                                     "bits": left.first?.bitCount ?? 0, "pairs": left.count * right.count]
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }
}
