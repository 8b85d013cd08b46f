/// One candidate for a free-text address: the record, how well it matched, and which parts did.
public struct AddressCandidate: Sendable, Hashable {
    public var id: String
    /// 0 to 1: the weighted agreement of street, town, number, unit and postcode.
    public var score: Double
    /// The parts that agreed (`street`, `town`, `number`, `unit`, `postcode`), in that order.
    public var matched: [String]
}

/// What a match concludes about a query, for people and for bulk output alike.
public enum MatchClass: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every part given agrees, spelling aside, and nothing else comes close.
    case exact
    /// One candidate is clearly best, though some part was missing or differed.
    case probable
    /// Several candidates are about as good (a street in two towns, a building of flats).
    case ambiguous
    /// Nothing good enough.
    case none

    /// Classifies ranked candidates: the best's score and its lead over the next.
    public static func of(_ ranked: [AddressCandidate]) -> MatchClass {
        guard let best = ranked.first, best.score >= 0.6 else { return .none }
        let lead = best.score - (ranked.count > 1 ? ranked[1].score : 0)
        if lead < 0.04 { return .ambiguous }
        return best.score >= 0.95 ? .exact : best.score >= 0.75 ? .probable : .ambiguous
    }
}
