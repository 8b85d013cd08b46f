import CausewayCore

/// Reads an `Accept` header (RFC 9110 §12.5.1) far enough to choose between the media types a
/// route can give: each listed type with its `q` weight, exact types before `type/*` before
/// `*/*`.
struct AcceptHeader: Sendable {
    private let ranges: [(type: String, subtype: String, q: Double)]

    init(_ header: String?) {
        ranges = (header ?? "").split(separator: ",").compactMap { item in
            let parts = item.split(separator: ";").map { String($0).trimmed.lowercased() }
            guard let range = parts.first, !range.isEmpty else { return nil }
            let halves = range.split(separator: "/", maxSplits: 1).map(String.init)
            guard halves.count == 2 else { return nil }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (halves[0], halves[1], q)
        }
    }

    /// The weight the client gives `mediaType`: from the most specific range that matches it,
    /// 1 when there is no header, 0 when nothing matches.
    func weight(of mediaType: String) -> Double {
        guard !ranges.isEmpty else { return 1 }
        let halves = mediaType.lowercased().split(separator: "/", maxSplits: 1).map(String.init)
        guard halves.count == 2 else { return 0 }
        var best: (specificity: Int, q: Double)?
        for range in ranges {
            let specificity: Int
            if range.type == halves[0], range.subtype == halves[1] { specificity = 2 }
            else if range.type == halves[0], range.subtype == "*" { specificity = 1 }
            else if range.type == "*", range.subtype == "*" { specificity = 0 }
            else { continue }
            if best == nil || specificity > (best?.specificity ?? -1) { best = (specificity, range.q) }
        }
        return best?.q ?? 0
    }

    /// Of `offered` (the route's preference order), the one the client weighs highest; ties
    /// go to the route's earlier choice.
    func choose(_ offered: [String]) -> String? {
        var chosen: (type: String, q: Double)?
        for type in offered {
            let q = weight(of: type)
            if q > 0, q > (chosen?.q ?? 0) { chosen = (type, q) }
        }
        return chosen?.type
    }
}
