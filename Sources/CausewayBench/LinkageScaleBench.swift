import ArgumentParser
import CausewayCore
import Crypto
import Foundation

/// `causeway-bench linkage-scale`: a project's comparison at the scale of a nation's lists.
/// Makes `--records` synthetic people a side (the second list holds `--shared` of the first's
/// people, every other one with a typo, and others), encodes both with the schema given (on
/// every core), links them as a project does (``LinkageRun``, blocking chosen for the size,
/// greedy), and prints one JSON object: the times, the blocking, the comparisons, precision
/// and recall against the truth, and the peak resident memory. As the baseline, the first
/// `--sample` records are compared with the whole second list exhaustively, which gives the
/// exhaustive rate (and so the time every pair would take) and the share of the exhaustive
/// candidates that blocking kept.
struct LinkageScaleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "linkage-scale")

    @Option(help: "Records a side.") var records = 1_000_000
    @Option(help: "People in both lists.") var shared = 500_000
    @Option(help: "The least similarity of a candidate.") var threshold = 0.8
    @Option(help: "Records of the first list compared exhaustively, as the baseline.") var sample = 1_000
    @Option(help: "The linkage schema to encode with; its features are row, given_name, family_name, date_of_birth, postcode (as docs/examples/linkage-schema.json's).")
    var schema: String

    func run() async throws {
        let schema = try JSONDecoder().decode(LinkageSchema.self, from: Data(contentsOf: URL(fileURLWithPath: self.schema)))
        let encoder = try CLKEncoder(schema: schema, secret: Array("causeway linkage benchmark".utf8))
        try encoder.checkHeader(["row", "given_name", "family_name", "date_of_birth", "postcode"])
        var clock = ContinuousClock.now
        async let firstList = Self.encode(encoder, count: records) { Self.person($0, typo: false) }
        async let secondList = Self.encode(encoder, count: records) { [shared] in
            $0 < shared ? Self.person($0, typo: $0 % 2 == 1) : Self.person(10_000_000 + $0, typo: false)
        }
        let first = try await firstList, second = try await secondList
        let encodeSeconds = (ContinuousClock.now - clock).seconds
        let memoryBefore = Self.memory("VmRSS")

        clock = ContinuousClock.now
        let run = LinkageRun(threshold: threshold, solver: .greedy)
        let result = try run.run([first, second], linkKey: SymmetricKey(size: .bits256), scores: false)
        let linkSeconds = (ContinuousClock.now - clock).seconds
        let peak = Self.memory("VmHWM")

        var linkOf: [Int: String] = [:]
        for row in result.parties[0].rows { linkOf[row.row] = row.link }
        var correct = 0
        for row in result.parties[1].rows where row.row < shared && linkOf[row.row] == row.link { correct += 1 }

        // The baseline: a sample compared with everything, and what blocking kept of it.
        let part = Array(first.prefix(sample))
        clock = ContinuousClock.now
        let exhaustive = LinkageMatcher(threshold: threshold).candidates(part, second)
        let exhaustiveSeconds = (ContinuousClock.now - clock).seconds
        let blocking = LinkageBlocking.automatic(firstCount: first.count, secondCount: second.count, fill: LinkageRun.fill(first, second),
                                                 threshold: threshold)
        let kept = Set(blocking.candidates(part, second, threshold: threshold).pairs.map { [$0.first, $0.second] })
        let exhaustiveRate = Double(exhaustive.comparisons) / exhaustiveSeconds
        let report: [String: Any] = [
            "records": records, "shared": shared, "threshold": threshold, "bits": first.first?.bitCount ?? 0,
            "fill": LinkageRun.fill(first, second), "encodeSeconds": encodeSeconds, "linkSeconds": linkSeconds,
            "blocking": result.blocking, "comparisons": result.comparisons, "candidates": result.candidates, "links": result.links,
            "precision": result.links == 0 ? 0 : Double(correct) / Double(result.links), "recall": Double(correct) / Double(shared),
            "memoryBeforeLinkMB": memoryBefore / 1_048_576, "peakMemoryMB": peak / 1_048_576,
            "exhaustiveComparisonsPerSecond": exhaustiveRate,
            "exhaustiveProjectedSeconds": Double(first.count) * Double(second.count) / exhaustiveRate,
            "sampleExhaustiveCandidates": exhaustive.pairs.count,
            "sampleKeptByBlocking": exhaustive.pairs.filter { kept.contains([$0.first, $0.second]) }.count,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    }

    static let syllables = ["an", "bel", "cor", "da", "el", "fin", "ga", "hol", "is", "jo", "ka", "lin", "mar", "no", "os", "pe", "qui",
                            "ra", "sun", "ta", "ul", "vi", "wen", "xa", "yo", "zem", "bri", "cha", "dor", "fe", "gri", "ho", "ja", "kel",
                            "lo", "mi", "nu", "pra", "ro", "si"]

    /// Person `n`, the same every run: a given name and a family name made of syllables (tens
    /// of thousands of each, as a population has), a birth date and a postcode; with `typo`,
    /// one letter of the given name changed.
    static func person(_ n: Int, typo: Bool) -> [String] {
        var state = UInt64(n) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: Int) -> Int {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
        }
        func word(_ parts: Int) -> String {
            let text = (0..<parts).map { _ in syllables[next(syllables.count)] }.joined()
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        var name = word(2 + next(2))
        let surname = word(2 + next(2))
        let born = String(format: "%04d-%02d-%02d", 1920 + next(85), 1 + next(12), 1 + next(28))
        let postcode = String(1000 + next(9000))
        // Drawn last, so the copy with a typo is the same person in every other field.
        if typo {
            var letters = Array(name)
            letters[next(letters.count)] = "x"
            name = String(letters)
        }
        return [String(n), name, surname, born, postcode]
    }

    /// `count` records made by `row`, encoded on every core, in order.
    static func encode(_ encoder: CLKEncoder, count: Int, row: @escaping @Sendable (Int) -> [String]) async throws -> [CLK] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = (count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [CLK]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let range = (worker * size)..<min(count, (worker + 1) * size)
                    return (worker, try range.map { CLK(bytes: try encoder.encode(row($0))) })
                }
            }
            var parts = [[CLK]](repeating: [], count: workers)
            for try await (worker, part) in group { parts[worker] = part }
            return parts.flatMap { $0 }
        }
    }

    static func memory(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1_024
    }
}
