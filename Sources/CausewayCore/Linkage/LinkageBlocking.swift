import Foundation

/// Which pairs of records are compared at all.
///
/// Comparing every pair is what anonlink does and is exact, but 1,000,000 × 1,000,000 records
/// are 10^12 comparisons: hours at a hundred million a second. Bit-sampling locality-sensitive
/// hashing compares only pairs that agree on every one of `bitsPerBand` sampled bit positions
/// in at least one of `bands` bands. Two encodings with Dice similarity d and a fraction p of
/// bits set agree on a random position with probability about 1 − 2p(1 − d), two unrelated
/// ones about p² + (1 − p)², so a band of k positions keeps a similar pair far more often
/// than an unrelated one, and enough bands keep nearly every pair at the threshold.
/// ``automatic(firstCount:secondCount:fill:threshold:)`` chooses k so that unrelated pairs
/// sharing a band number about as many as the records, and the bands so that a pair exactly at
/// the threshold is kept with probability ``targetRecall`` (more similar pairs, more surely).
///
/// Blocking loses nothing it keeps: a kept pair is compared exactly, and only pairs at or
/// above the threshold become candidates. What it can lose is a similar pair that no band
/// kept, which is why small projects are compared exhaustively. Pure and `Sendable`.
public enum LinkageBlocking: Sendable, Hashable {
    case exhaustive
    case bitSampling(bands: Int, bitsPerBand: Int, seed: UInt64)

    /// The chance, designed for, that a pair exactly at the threshold shares a band.
    public static let targetRecall = 0.99
    /// Projects up to this many pairs are compared exhaustively (a few seconds at most).
    public static let exhaustiveLimit = 250_000_000
    public static let maxBands = 400

    /// Exhaustive for small projects; bit sampling sized for the records and their fill.
    public static func automatic(firstCount: Int, secondCount: Int, fill: Double, threshold: Double, seed: UInt64 = 0x6361_7573_6577_6179) -> LinkageBlocking {
        let pairs = Double(firstCount) * Double(secondCount)
        guard pairs > Double(exhaustiveLimit) else { return .exhaustive }
        let p = min(max(fill, 0.01), 0.99)
        let unrelated = p * p + (1 - p) * (1 - p)
        let similar = max(1 - 2 * p * (1 - threshold), unrelated)
        let budget = max(pairs / Double(firstCount + secondCount), 2)
        let bits = min(64, max(8, Int((log(budget) / log(1 / unrelated)).rounded(.up))))
        let keep = pow(similar, Double(bits))
        let bands = keep >= 1 ? 1 : Int((log(1 - targetRecall) / log(1 - keep)).rounded(.up))
        return .bitSampling(bands: min(maxBands, max(1, bands)), bitsPerBand: bits, seed: seed)
    }

    /// In words, for the project's outcome.
    public var summary: String {
        switch self {
        case .exhaustive: return "exhaustive"
        case .bitSampling(let bands, let bits, _): return "bit sampling: \(bands) bands of \(bits) bits"
        }
    }

    /// The chance that a pair with Dice similarity `similarity` shares a band, at `fill`.
    public func keeps(similarity: Double, fill: Double) -> Double {
        switch self {
        case .exhaustive: return 1
        case .bitSampling(let bands, let bits, _):
            let agree = 1 - 2 * fill * (1 - similarity)
            return 1 - pow(1 - pow(agree, Double(bits)), Double(bands))
        }
    }

    /// The pairs at or above `threshold` among those compared, in anonlink's order, and how
    /// many pairs were compared; collecting stops past `limit` candidates.
    public func candidates(_ first: [CLK], _ second: [CLK], threshold: Double,
                           limit: Int = .max) -> (pairs: [LinkageMatcher.Candidate], comparisons: Int) {
        let matcher = LinkageMatcher(threshold: threshold)
        switch self {
        case .exhaustive:
            return matcher.candidates(first, second, limit: limit)
        case .bitSampling(let bands, let bits, let seed):
            guard let bitCount = first.first?.bitCount, bitCount > 0 else { return ([], 0) }
            var random = seed
            // Only kept pairs are remembered: an unrelated pair rarely shares two bands, so
            // remembering every pair compared would cost far more memory than comparing again.
            var kept = Set<UInt64>()
            var pairs: [LinkageMatcher.Candidate] = []
            var comparisons = 0
            for _ in 0..<bands where pairs.count <= limit {
                let positions = (0..<bits).map { _ in Int(Self.next(&random) % UInt64(bitCount)) }
                let left = Self.keys(first, positions), right = Self.keys(second, positions)
                var i = 0, j = 0
                while i < left.count, j < right.count {
                    if left[i].key < right[j].key { i += 1; continue }
                    if left[i].key > right[j].key { j += 1; continue }
                    let key = left[i].key
                    var iEnd = i, jEnd = j
                    while iEnd < left.count, left[iEnd].key == key { iEnd += 1 }
                    while jEnd < right.count, right[jEnd].key == key { jEnd += 1 }
                    for a in i..<iEnd {
                        let row = Int(left[a].row)
                        for b in j..<jEnd {
                            let other = Int(right[b].row)
                            comparisons += 1
                            if let similarity = matcher.similarity(first[row], second[other]),
                               kept.insert(UInt64(row) << 32 | UInt64(other)).inserted {
                                pairs.append(.init(first: row, second: other, similarity: similarity))
                            }
                        }
                    }
                    i = iEnd
                    j = jEnd
                }
            }
            pairs.sort(by: LinkageMatcher.Candidate.precedes)
            return (pairs, comparisons)
        }
    }

    /// Each record's bits at `positions` as one key, with its row, sorted by key.
    private static func keys(_ encodings: [CLK], _ positions: [Int]) -> [(key: UInt64, row: UInt32)] {
        var keys = [(key: UInt64, row: UInt32)]()
        keys.reserveCapacity(encodings.count)
        for (row, clk) in encodings.enumerated() {
            var key: UInt64 = 0
            clk.words.withUnsafeBufferPointer { words in
                for position in positions {
                    key = key << 1 | (words[position >> 6] >> UInt64(63 - position & 63)) & 1
                }
            }
            keys.append((key, UInt32(truncatingIfNeeded: row)))
        }
        keys.sort { $0.key < $1.key || ($0.key == $1.key && $0.row < $1.row) }
        return keys
    }

    /// SplitMix64: the sampled positions depend only on the seed, so a run can be repeated.
    private static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
