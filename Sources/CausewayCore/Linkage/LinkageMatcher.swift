import CausewayKernels

/// Finds the pairs of records from two parties whose encodings are at least `threshold`
/// similar (Dice), and solves them one-to-one: the candidates anonlink's
/// `find_candidate_pairs` gives, in its order, and the matches its `greedy_solve` chooses.
///
/// A popcount filter: Dice(A, B) ≥ t needs t·|A|/(2 − t) ≤ |B| ≤ (2 − t)·|A|/t, so only the
/// records whose set bits fall in that window are compared. The filter is exact (no pair above
/// the threshold is missed), which keeps the result anonlink's, but it prunes little when the
/// encodings are about as full as one another, as CLKs of one schema usually are: 89,972 of
/// 90,000 pairs at t = 0.9 in the interop lists. Blocking that scales to millions of records
/// is ``LinkageBlocking``'s. Pure and `Sendable`.
public struct LinkageMatcher: Sendable {
    public struct Candidate: Sendable, Hashable {
        /// The record's row in the first party's file (0-based).
        public var first: Int
        /// The record's row in the second party's file.
        public var second: Int
        public var similarity: Double

        public init(first: Int, second: Int, similarity: Double) {
            self.first = first
            self.second = second
            self.similarity = similarity
        }

        /// anonlink's candidate order: most similar first, then by the first party's row, then
        /// the second's.
        public static func precedes(_ left: Candidate, _ right: Candidate) -> Bool {
            (left.similarity, -left.first, -left.second) > (right.similarity, -right.first, -right.second)
        }
    }

    public let threshold: Double

    public init(threshold: Double) {
        self.threshold = threshold
    }

    /// Every pair at or above the threshold: most similar first, then by the first party's
    /// row, then the second's (anonlink's order). Also how many pairs were compared.
    ///
    /// The inner loop is the cost: the second party's words lie in one array sorted by
    /// popcount, so a record's window is one run of it, counted by one kernel call; a pair is
    /// kept when its common bits reach the least number that gives the threshold at its total
    /// (a table made with the same division `dice` does, so the decision is the same to the
    /// last bit), so a similarity is divided out only for pairs kept.
    ///
    /// At most `limit` candidates are collected (the comparison stops there), so lists far
    /// more alike than a linkage expects cannot exhaust memory; the caller tells by the count.
    public func candidates(_ first: [CLK], _ second: [CLK], limit: Int = .max) -> (pairs: [Candidate], comparisons: Int) {
        guard let width = first.first?.words.count, second.allSatisfy({ $0.words.count == width }),
              first.allSatisfy({ $0.words.count == width }) else { return ([], 0) }
        let byCount = second.indices.sorted { second[$0].popcount < second[$1].popcount }
        let counts = byCount.map { second[$0].popcount }
        var flat: [UInt64] = []
        flat.reserveCapacity(second.count * width)
        for index in byCount { flat += second[index].words }
        let needed = Self.leastCommon(threshold: threshold, bits: width * 64)
        var pairs: [Candidate] = []
        var comparisons = 0
        // The window's common bits, counted by one kernel call per record.
        var common = [UInt32](repeating: 0, count: max(1, second.count))
        flat.withUnsafeBufferPointer { others in
            guard let base = others.baseAddress else { return }
            common.withUnsafeMutableBufferPointer { counted in
                guard let out = counted.baseAddress else { return }
                for (row, clk) in first.enumerated() where pairs.count <= limit {
                    let (low, high) = window(clk.popcount)
                    let start = lowerBound(counts, low)
                    var end = start
                    while end < counts.count, counts[end] <= high { end += 1 }
                    guard end > start else { continue }
                    clk.words.withUnsafeBufferPointer { mine in
                        guard let own = mine.baseAddress else { return }
                        causeway_common_bits_many(own, base + start * width, width, end - start, out)
                    }
                    comparisons += end - start
                    for position in start..<end {
                        let shared = Int(out[position - start])
                        let total = clk.popcount + counts[position]
                        if shared >= needed[total] {
                            pairs.append(Candidate(first: row, second: byCount[position], similarity: total > 0 ? Double(2 * shared) / Double(total) : 0))
                        }
                    }
                }
            }
        }
        pairs.sort(by: Candidate.precedes)
        return (pairs, comparisons)
    }

    /// For each total of set bits (0…2·bits), the fewest common bits whose Dice coefficient,
    /// divided as `CLK.dice` divides, reaches `threshold`; `Int.max` when none does.
    static func leastCommon(threshold: Double, bits: Int) -> [Int] {
        (0...(2 * bits)).map { total in
            guard total > 0 else { return threshold <= 0 ? 0 : Int.max }
            var common = max(0, Int((threshold * Double(total) / 2).rounded(.down)) - 1)
            while common <= total / 2, Double(2 * common) / Double(total) < threshold { common += 1 }
            return common <= total / 2 ? common : Int.max
        }
    }

    /// One pair's similarity when it reaches the threshold (the decision `candidates` makes),
    /// else nil: for pairs chosen by blocking rather than by the popcount window.
    public func similarity(_ first: CLK, _ second: CLK) -> Double? {
        let similarity = first.dice(second)
        return similarity >= threshold ? similarity : nil
    }

    /// One-to-one matches from candidates in order: a pair is taken when neither record is
    /// taken yet (anonlink's greedy solver on two parties).
    public static func greedy(_ candidates: [Candidate]) -> [Candidate] {
        var takenFirst = Set<Int>(), takenSecond = Set<Int>()
        var matches: [Candidate] = []
        for candidate in candidates where !takenFirst.contains(candidate.first) && !takenSecond.contains(candidate.second) {
            takenFirst.insert(candidate.first)
            takenSecond.insert(candidate.second)
            matches.append(candidate)
        }
        return matches
    }

    /// The popcounts a partner may have for the pair to reach the threshold (widened by one
    /// to absorb rounding; the exact test is the Dice comparison itself).
    func window(_ count: Int) -> (Int, Int) {
        guard threshold > 0 else { return (0, Int.max) }
        let low = Double(count) * threshold / (2 - threshold)
        let high = Double(count) * (2 - threshold) / threshold
        return (max(0, Int(low.rounded(.down)) - 1), high >= Double(Int.max / 2) ? Int.max : Int(high.rounded(.up)) + 1)
    }

    private func lowerBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
