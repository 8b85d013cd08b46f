import Crypto
import Foundation

/// One project's comparison, from the parties' encodings to what each party may learn.
///
/// Every pair of parties is compared (``LinkageMatcher``, after ``LinkageBlocking`` where the
/// project is large), the candidates of all pairs are ranked together (most similar first,
/// then by party and row), and the solver turns them into links:
/// - `greedy` takes a candidate when it joins two records not linked yet, or adds a record to
///   a link that has none of its party's records yet, or joins two links with no party in
///   common. On two parties this is exactly anonlink's greedy one-to-one solver.
/// - `all` makes every candidate a link of its own.
///
/// Link identifiers are an HMAC of the link's number under a key drawn for the run, so they
/// say nothing about rows, parties or order. Pure: no I/O, and the key comes from the caller.
public struct LinkageRun: Sendable {
    public let threshold: Double
    public let solver: LinkageProject.Solver
    /// Nil: chosen for each pair of parties by ``LinkageBlocking/automatic(firstCount:secondCount:fill:threshold:seed:)``.
    public let blocking: LinkageBlocking?

    public init(threshold: Double, solver: LinkageProject.Solver, blocking: LinkageBlocking? = nil) {
        self.threshold = threshold
        self.solver = solver
        self.blocking = blocking
    }

    /// A record of one party: its index among the parties and its row in that party's upload.
    public struct Member: Sendable, Hashable, Comparable {
        public var party: Int
        public var row: Int

        public static func < (left: Member, right: Member) -> Bool {
            (left.party, left.row) < (right.party, right.row)
        }
    }

    /// One party's rows that were linked, in row order.
    public struct PartyResult: Sendable, Hashable, Codable {
        public struct Row: Sendable, Hashable, Codable {
            public var row: Int
            public var link: String
            /// The similarity of the pair that linked this row; nil unless the project grants scores.
            public var similarity: Double?
        }

        public var rows: [Row]
    }

    public struct Result: Sendable {
        /// One per party, in the parties' order.
        public var parties: [PartyResult]
        public var comparisons: Int
        public var candidates: Int
        public var links: Int
        /// How each pair of parties was blocked, in words.
        public var blocking: String
    }

    /// The fraction of bits set, over every encoding given.
    public static func fill(_ lists: [CLK]...) -> Double {
        var set = 0, bits = 0
        for list in lists {
            for clk in list {
                set += clk.popcount
                bits += clk.bitCount
            }
        }
        return bits == 0 ? 0 : Double(set) / Double(bits)
    }

    /// More candidate pairs than any linkage needs: the lists are far more alike than people
    /// are (a schema that encodes too little, or a threshold too low), and solving them would
    /// only exhaust memory.
    public struct TooManyCandidates: Error, Sendable, CustomStringConvertible {
        public var limit: Int
        public var description: String {
            "more than \(limit) pairs reach the threshold: the encodings are far more alike than people are; raise the threshold or encode more fields"
        }
    }

    /// The most candidate pairs a run keeps: ten per record of a million a side.
    public static let defaultCandidateLimit = 20_000_000

    /// Compares `encodings` (one list per party, in the project's party order) and solves.
    public func run(_ encodings: [[CLK]], linkKey: SymmetricKey, scores: Bool,
                    candidateLimit: Int = defaultCandidateLimit) throws(TooManyCandidates) -> Result {
        var ranked: [(similarity: Double, first: Member, second: Member)] = []
        var comparisons = 0
        var used: [String] = []
        for first in encodings.indices {
            for second in encodings.indices where second > first {
                let blocking = self.blocking ?? .automatic(firstCount: encodings[first].count, secondCount: encodings[second].count,
                                                           fill: Self.fill(encodings[first], encodings[second]), threshold: threshold)
                if !used.contains(blocking.summary) { used.append(blocking.summary) }
                let found = blocking.candidates(encodings[first], encodings[second], threshold: threshold, limit: candidateLimit - ranked.count)
                comparisons += found.comparisons
                if ranked.count + found.pairs.count > candidateLimit { throw TooManyCandidates(limit: candidateLimit) }
                ranked += found.pairs.map { ($0.similarity, Member(party: first, row: $0.first), Member(party: second, row: $0.second)) }
            }
        }
        ranked.sort { left, right in
            if left.similarity != right.similarity { return left.similarity > right.similarity }
            if left.first != right.first { return left.first < right.first }
            return left.second < right.second
        }
        let links = solver == .all
            ? ranked.map { [($0.first, $0.similarity), ($0.second, $0.similarity)] }
            : Self.greedy(ranked)
        var results = Array(repeating: PartyResult(rows: []), count: encodings.count)
        for (number, link) in links.enumerated() {
            let identifier = Self.identifier(number, key: linkKey)
            for (member, similarity) in link {
                results[member.party].rows.append(.init(row: member.row, link: identifier, similarity: scores ? similarity : nil))
            }
        }
        for index in results.indices {
            results[index].rows.sort { ($0.row, $0.link) < ($1.row, $1.link) }
        }
        return Result(parties: results, comparisons: comparisons, candidates: ranked.count, links: links.count,
                      blocking: used.joined(separator: "; "))
    }

    /// Groups records from ranked candidates, never two of one party in a group; each member
    /// keeps the similarity of the candidate that brought it in.
    static func greedy(_ ranked: [(similarity: Double, first: Member, second: Member)]) -> [[(Member, Double)]] {
        var groupOf: [Member: Int] = [:]
        var groups: [[(Member, Double)]?] = []
        func parties(_ group: Int) -> Set<Int> { Set((groups[group] ?? []).map(\.0.party)) }
        for (similarity, first, second) in ranked {
            switch (groupOf[first], groupOf[second]) {
            case (nil, nil):
                groupOf[first] = groups.count
                groupOf[second] = groups.count
                groups.append([(first, similarity), (second, similarity)])
            case (let group?, nil), (nil, let group?):
                let newcomer = groupOf[first] == nil ? first : second
                guard !parties(group).contains(newcomer.party) else { continue }
                groupOf[newcomer] = group
                groups[group]?.append((newcomer, similarity))
            case (let one?, let other?):
                guard one != other, parties(one).isDisjoint(with: parties(other)), let moving = groups[other] else { continue }
                for (member, _) in moving { groupOf[member] = one }
                groups[one]? += moving
                groups[other] = nil
            }
        }
        return groups.compactMap { $0 }
    }

    /// 32 hex digits no party can link back to a row or to another project's links.
    static func identifier(_ number: Int, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(String(number).utf8), using: key)
        return "lnk_" + Data(mac).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
