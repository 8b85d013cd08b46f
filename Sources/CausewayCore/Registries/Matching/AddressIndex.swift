/// Every address of a register, arranged for free-text lookup: addresses grouped by street
/// (a street is its name in its town), streets found by the letter trigrams of their words,
/// and house numbers looked up exactly within a street.
///
/// A query is parsed (``AddressText``), the streets sharing most trigrams with its words are
/// scored word by word (so a typo costs a little, not the match), and within each street only
/// the addresses with the given house number (and unit, when one is given) qualify: numbers
/// are never guessed. Immutable once built, so any number of tasks may match at once.
public struct AddressIndex: Sendable {
    /// One address as the register holds it.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var number: Int?
        public var unit: String?
        public var street: String
        public var town: String
        public var postcode: String?

        public init(id: String, number: Int?, unit: String?, street: String, town: String, postcode: String?) {
            self.id = id
            self.number = number
            self.unit = unit
            self.street = street
            self.town = town
            self.postcode = postcode
        }
    }

    struct Street: Sendable {
        var words: [String]
        var town: [String]
        var byNumber: [Int: [Int32]] = [:]
        var all: [Int32] = []
    }

    let ids: [String]
    let units: [String?]
    let postcodes: [String?]
    let numbers: [Int?]
    let streets: [Street]
    let grams: [String: [Int32]]

    /// Streets scored fully per query: the ones sharing most trigrams with it.
    static let streetCandidates = 40

    public var count: Int { ids.count }

    public init(_ entries: [Entry]) {
        var streets: [Street] = []
        var streetIndex: [String: Int] = [:]
        var ids: [String] = [], units: [String?] = [], postcodes: [String?] = [], numbers: [Int?] = []
        ids.reserveCapacity(entries.count)
        for entry in entries {
            let key = entry.street.lowercased() + "\u{1}" + entry.town.lowercased()
            let position: Int
            if let known = streetIndex[key] {
                position = known
            } else {
                position = streets.count
                streetIndex[key] = position
                streets.append(Street(words: AddressText.tokens(entry.street), town: AddressText.tokens(entry.town)))
            }
            let address = Int32(ids.count)
            ids.append(entry.id)
            units.append(entry.unit.flatMap { AddressText.parse("unit \($0)").unit ?? $0.lowercased() })
            postcodes.append(entry.postcode.map(AddressText.postcode))
            numbers.append(entry.number)
            streets[position].all.append(address)
            if let number = entry.number { streets[position].byNumber[number, default: []].append(address) }
        }
        var grams: [String: [Int32]] = [:]
        for (position, street) in streets.enumerated() {
            for gram in Set((street.words + street.town).flatMap(Self.trigrams)) { grams[gram, default: []].append(Int32(position)) }
        }
        self.ids = ids
        self.units = units
        self.postcodes = postcodes
        self.numbers = numbers
        self.streets = streets
        self.grams = grams
    }

    static func trigrams(_ word: String) -> [String] {
        let padded = Array("^\(word)$")
        guard padded.count >= 3 else { return [String(padded)] }
        return (0...(padded.count - 3)).map { String(padded[$0..<($0 + 3)]) }
    }

    /// The best `limit` candidates for `text`, ranked, and what they amount to.
    public func match(_ text: String, limit: Int = 5) -> (candidates: [AddressCandidate], class: MatchClass) {
        let query = AddressText.parse(text)
        guard !query.words.isEmpty else { return ([], .none) }
        var candidates: [AddressCandidate] = []
        for street in candidateStreets(Set(query.words.flatMap(Self.trigrams))) {
            candidates += score(query, street: streets[Int(street)])
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        let ranked = Array(candidates.prefix(max(limit, 2)))
        return (Array(ranked.prefix(limit)), MatchClass.of(ranked))
    }

    /// The streets sharing most of `queryGrams`, most first (the lower position first among
    /// equals), at most ``streetCandidates`` of them.
    ///
    /// A town's trigrams alone are in an eighth of the demo's streets, so a query touches
    /// thousands: counts go in a flat array indexed by street, and the best are taken bucket by
    /// bucket (a street's count is at most the query's trigram count), not by sorting them all.
    func candidateStreets(_ queryGrams: Set<String>) -> [Int32] {
        var hits = [UInt16](repeating: 0, count: streets.count)
        var touched: [Int32] = []
        for gram in queryGrams {
            for street in grams[gram] ?? [] {
                if hits[Int(street)] == 0 { touched.append(street) }
                hits[Int(street)] &+= 1
            }
        }
        var buckets = [[Int32]](repeating: [], count: queryGrams.count + 1)
        for street in touched { buckets[Int(hits[Int(street)])].append(street) }
        var chosen: [Int32] = []
        for count in buckets.indices.reversed() where count > 0 && !buckets[count].isEmpty {
            chosen += buckets[count].sorted().prefix(Self.streetCandidates - chosen.count)
            if chosen.count == Self.streetCandidates { break }
        }
        return chosen
    }

    /// The addresses of one street that can be the query's, with their scores.
    func score(_ query: AddressText, street: Street) -> [AddressCandidate] {
        var used = [Bool](repeating: false, count: query.words.count)
        // Street-type words ("rd", "st") count half: "Victoria Road" is not "Harbour Road".
        func agreement(_ words: [String]) -> Double {
            guard !words.isEmpty else { return 0 }
            var total = 0.0, weights = 0.0
            for word in words {
                let weight = AddressText.minorWords.contains(word) ? 0.5 : 1
                let spellings = [word] + (AddressText.longForms[word] ?? [])
                var best = 0.0, bestAt: Int?
                for (index, candidate) in query.words.enumerated() where !used[index] {
                    let similarity = spellings.map { TokenSimilarity.of($0, candidate) }.max() ?? 0
                    if similarity > best { (best, bestAt) = (similarity, index) }
                }
                if let bestAt, best >= 0.7 { used[bestAt] = true } else { best = 0 }
                total += weight * best
                weights += weight
            }
            return total / weights
        }
        let streetScore = agreement(street.words)
        guard streetScore >= 0.6 else { return [] }
        let townScore = agreement(street.town)
        let leftover = used.filter { !$0 }.count
        var weight = 0.5, sum = 0.5 * streetScore
        var parts: [String] = streetScore >= 0.99 ? ["street"] : []
        if townScore > 0 || leftover > 0 {
            weight += 0.2
            sum += 0.2 * townScore
            if townScore >= 0.99 { parts.append("town") }
        }
        let penalty = min(0.2, 0.05 * Double(used.filter { !$0 }.count))
        let addresses: [Int32]
        if let number = query.number {
            addresses = street.byNumber[number] ?? []
            weight += 0.2
            sum += 0.2
            parts.append("number")
        } else {
            addresses = street.all
        }
        var candidates: [AddressCandidate] = []
        for address in addresses.prefix(query.number == nil ? 50 : addresses.count) {
            let index = Int(address)
            var total = sum, totalWeight = weight, matched = parts
            if let unit = query.unit {
                guard units[index] == unit else { continue }
                total += 0.05
                totalWeight += 0.05
                matched.append("unit")
            } else if units[index] != nil, addresses.contains(where: { units[Int($0)] == nil }) {
                // The building itself is a better answer than one of its flats.
                continue
            }
            if let postcode = query.postcode {
                totalWeight += 0.1
                if postcodes[index] == postcode {
                    total += 0.1
                    matched.append("postcode")
                } else if let known = postcodes[index], known.split(separator: " ").first == postcode.split(separator: " ").first {
                    total += 0.05
                }
            }
            candidates.append(AddressCandidate(id: ids[index], score: ((total / totalWeight - penalty) * 1_000).rounded() / 1_000, matched: matched))
        }
        return candidates
    }
}
