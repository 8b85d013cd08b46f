import Foundation

/// A seeded model of a town's week, for exercising contact tracing without phones: people
/// live in households, most go to a workplace on weekdays by shared transport, and everyone
/// passes strangers in shops. It yields, for one person, every meeting with its true distance
/// and length — the ground truth a contact list is measured against.
///
/// The settings (documented in docs/contact-tracing.md):
/// - household: every evening, 6 hours at 1 to 3 m;
/// - workplace (60% of people, workplaces of 5 to 40): on weekdays 8 hours; two desk
///   neighbours at 1 to 2 m, colleagues at 3 to 15 m;
/// - transport (workers): two rides of 20 to 40 minutes a weekday with others on the same route
///   and departure, 0.5 to 6 m apart;
/// - shops: a few strangers a day for 1 to 5 minutes at 1 to 10 m.
///
/// Pure and deterministic: the same seed gives the same town and the same meetings.
public struct TownModel: Sendable {
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case household, workplace, transport, shop
    }

    public struct Meeting: Sendable, Hashable {
        public var other: Int
        public var setting: Setting
        /// Unix seconds.
        public var start: Int64
        public var minutes: Int
        public var meters: Double
    }

    public let people: Int
    public let seed: UInt64
    /// Each person's household members (including the person), workplace members, and route.
    public let household: [Int]
    public let households: [[Int]]
    public let workplace: [Int?]
    public let workplaces: [[Int]]
    public let route: [Int?]

    public init(people: Int, seed: UInt64) {
        self.people = people
        self.seed = seed
        var random = SeededRandom(seed: seed, 1)
        var households: [[Int]] = []
        var household = [Int](repeating: 0, count: people)
        var next = 0
        while next < people {
            let size = min(people - next, [1, 2, 2, 3, 3, 4, 4, 5].randomElement(using: &random) ?? 2)
            households.append(Array(next..<(next + size)))
            for person in next..<(next + size) { household[person] = households.count - 1 }
            next += size
        }
        var workers = (0..<people).filter { _ in Double.random(in: 0..<1, using: &random) < 0.6 }
        workers.shuffle(using: &random)
        var workplaces: [[Int]] = []
        var workplace = [Int?](repeating: nil, count: people)
        var index = 0
        while index < workers.count {
            let size = min(workers.count - index, Int.random(in: 5...40, using: &random))
            workplaces.append(Array(workers[index..<(index + size)]).sorted())
            for person in workers[index..<(index + size)] { workplace[person] = workplaces.count - 1 }
            index += size
        }
        let routes = max(1, people / 60)
        var route = [Int?](repeating: nil, count: people)
        for person in workers { route[person] = Int.random(in: 0..<routes, using: &random) * 6 + Int.random(in: 0..<6, using: &random) }
        self.household = household
        self.households = households
        self.workplace = workplace
        self.workplaces = workplaces
        self.route = route
    }

    static func isWeekday(_ day: Int) -> Bool { day % 7 < 5 }

    /// Every meeting of `person` over `days` days, the first starting at `start` (midnight, Unix seconds).
    public func meetings(of person: Int, days: Int, start: Int64) -> [Meeting] {
        var meetings: [Meeting] = []
        let riders: [Int] = route[person].map { mine in (0..<people).filter { $0 != person && route[$0] == mine } } ?? []
        for day in 0..<days {
            let midnight = start + Int64(day) * 86_400
            for other in households[household[person]] where other != person {
                var random = SeededRandom(seed: seed, 2, day, min(person, other), max(person, other))
                meetings.append(Meeting(other: other, setting: .household, start: midnight + 18 * 3600, minutes: 360,
                                        meters: Double.random(in: 1...3, using: &random)))
            }
            if Self.isWeekday(day), let place = workplace[person] {
                let members = workplaces[place]
                let position = members.firstIndex(of: person) ?? 0
                for (offset, other) in members.enumerated() where other != person {
                    var random = SeededRandom(seed: seed, 3, day, min(person, other), max(person, other))
                    let neighbour = abs(offset - position) == 1
                    meetings.append(Meeting(other: other, setting: .workplace, start: midnight + 9 * 3600, minutes: 480,
                                            meters: neighbour ? Double.random(in: 1...2, using: &random) : Double.random(in: 3...15, using: &random)))
                }
                for other in riders {
                    for (leg, hour) in [(0, 8), (1, 17)] {
                        var random = SeededRandom(seed: seed, 4, day * 2 + leg, min(person, other), max(person, other))
                        meetings.append(Meeting(other: other, setting: .transport, start: midnight + Int64(hour) * 3600 + 600,
                                                minutes: Int.random(in: 20...40, using: &random), meters: Double.random(in: 0.5...6, using: &random)))
                    }
                }
            }
            var random = SeededRandom(seed: seed, 5, day, person)
            for _ in 0..<Int.random(in: 2...6, using: &random) where people > 1 {
                var other = Int.random(in: 0..<people, using: &random)
                if other == person { other = (other + 1) % people }
                meetings.append(Meeting(other: other, setting: .shop, start: midnight + Int64.random(in: 10 * 3600...16 * 3600, using: &random),
                                        minutes: Int.random(in: 1...5, using: &random), meters: Double.random(in: 1...10, using: &random)))
            }
        }
        return meetings
    }

    /// The people who were close contacts of `person` by the meetings' true distances:
    /// at least `minutes` in total within `meters`.
    public static func closeContacts(_ meetings: [Meeting], meters: Double = 2, minutes: Int = 15) -> Set<Int> {
        var close: [Int: Int] = [:]
        for meeting in meetings where meeting.meters <= meters { close[meeting.other, default: 0] += meeting.minutes }
        return Set(close.filter { $0.value >= minutes }.keys)
    }

    /// A person with a household of two or more and a workplace, for the confirmed case.
    public func typicalCase() -> Int {
        var random = SeededRandom(seed: seed, 6)
        let candidates = (0..<people).filter { households[household[$0]].count > 1 && workplace[$0] != nil }
        return candidates.randomElement(using: &random) ?? 0
    }
}
