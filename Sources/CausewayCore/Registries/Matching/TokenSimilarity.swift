/// How alike two words are, 0 to 1, forgiving the typing mistakes people make: a letter
/// wrong, missing, doubled or two swapped (optimal string alignment distance), relative to
/// the longer word. A word that starts the other ("meridia" for "meridiana") counts well.
enum TokenSimilarity {
    static func of(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let x = Array(a.utf8), y = Array(b.utf8)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        let longest = max(x.count, y.count)
        // Too different in length to be one word mistyped.
        guard abs(x.count - y.count) <= max(2, longest / 3) else { return 0 }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let distance = previous[y.count]
        // Short words are only forgiven a single slip.
        if longest <= 4, distance > 1 { return 0 }
        return max(0, 1 - Double(distance) / Double(longest))
    }
}
