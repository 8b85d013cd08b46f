import CausewayCore

/// The demo government's addresses: real-looking ones in Meridia's towns, the same on every
/// machine (a seeded generator), with the things that make matching hard in real registers —
/// flats in a building, "Saint" streets, the same street name in several towns, a street whose
/// name people spell two ways.
public enum DemoAddresses {
    public struct Address: Sendable, Hashable {
        public var id: String
        public var number: Int
        public var unit: String?
        public var street: String
        public var town: String
        public var postcode: String
        public var latitude: Double
        public var longitude: Double

        /// The record as the address register's schema has it.
        public var values: [String: CellValue] {
            ["address_id": .text(id), "house_number": .integer(Int64(number)), "unit": unit.map(CellValue.text) ?? .null,
             "street": .text(street), "town": .text(town), "postcode": .text(postcode),
             "latitude": .number(latitude), "longitude": .number(longitude)]
        }

        /// One line, as a person writes it: "Apt 3, 12 Harbour Road, Port Meridia MR4 7QT".
        public var line: String {
            (unit.map { "\($0), " } ?? "") + "\(number) \(street), \(town) \(postcode)"
        }
    }

    public static let towns: [(name: String, code: String, latitude: Double, longitude: Double)] = [
        ("Port Meridia", "MR1", 43.71, 7.26), ("Capital City", "MR2", 43.93, 7.42), ("Northvale", "MR3", 44.21, 7.33),
        ("Eastbrook", "MR4", 43.88, 7.71), ("Southmere", "MR5", 43.52, 7.18), ("Westhaven", "MR6", 43.79, 6.91),
        ("Highcliff", "MR7", 44.05, 7.02), ("Riverton", "MR8", 43.99, 7.58),
    ]

    static let names = ["Harbour", "Market", "Church", "Mill", "Station", "Victoria", "Park", "Bridge", "Castle", "King", "Queen",
                        "North", "South", "West", "High", "Chapel", "Orchard", "Meadow", "Willow", "Oak", "Elm", "Beech", "Cedar",
                        "Rose", "Grove", "Hill", "Spring", "River", "Lake", "Forest", "Garden", "School", "Manor", "Abbey",
                        "Windmill", "Quarry", "Ferry", "Harbourside", "Fisher", "Salt", "Copper", "Lighthouse", "Beacon",
                        "Saint Anne", "Saint Mark", "Saint John", "Saint Peter", "Saint George", "Mount Pleasant", "New"]
    static let kinds = ["Road", "Street", "Avenue", "Lane", "Close", "Drive", "Way", "Place", "Crescent", "Terrace", "Court", "Gardens"]

    /// The street the demo renames: its old spelling, and the council's new one.
    public static let renamed = (town: "Port Meridia", old: "Harbor Road", new: "Harbour Road")

    /// `count` addresses; the first ones are the same whatever the count, so a small demo is a
    /// prefix of the big one.
    public static func generate(count: Int, seed: UInt64 = 20_200_311) -> [Address] {
        var random = SplitMix64(seed: seed)
        var streets: [(town: Int, name: String, numbers: Int)] = []
        // Enough streets and house numbers for `count` without going round twice.
        let perTown = min(names.count * kinds.count, max(120, count / 400))
        let longest = max(180, count / (towns.count * perTown) * 3 + 20)
        for town in towns.indices {
            // The renamed street's new name is taken by it alone.
            var used: Set<String> = town == 0 ? [renamed.new] : []
            for index in 0..<perTown * 2 where used.count < perTown {
                var name = "\(names[random.int(in: 0...(names.count - 1))]) \(kinds[random.int(in: 0...(kinds.count - 1))])"
                if town == 0, index == 0 { name = renamed.old }
                guard used.insert(name).inserted else { continue }
                streets.append((town, name, random.int(in: 20...longest)))
            }
        }
        var addresses: [Address] = []
        addresses.reserveCapacity(count)
        var street = 0, number = 0, unit = 0
        while addresses.count < count {
            let current = streets[street % streets.count]
            let town = towns[current.town]
            if unit == 0 {
                number += random.int(in: 1...2)
                if number > current.numbers {
                    street += 1
                    // Past the last street, round again with numbers no address has yet.
                    number = 1_000 * (street / streets.count)
                    continue
                }
            }
            // One building in eight holds flats.
            let flats = (number * 7 + street) % 8 == 0 ? 6 : 0
            let sequence = addresses.count + 1
            let postcode = "\(town.code) \(number % 9 + 1)\(Character(UnicodeScalar(65 + (street % 26))!))\(Character(UnicodeScalar(65 + (number % 26))!))"
            addresses.append(Address(
                id: "LA-" + String(repeating: "0", count: max(0, 7 - String(sequence).count)) + String(sequence),
                number: number, unit: flats > 0 ? "Apt \(unit + 1)" : nil, street: current.name, town: town.name, postcode: postcode,
                latitude: ((town.latitude + Double(street % 50) * 0.001 + Double(number) * 0.0001) * 1e5).rounded() / 1e5,
                longitude: ((town.longitude + Double(street % 37) * 0.001) * 1e5).rounded() / 1e5))
            unit = flats > 0 && unit + 1 < flats ? unit + 1 : 0
        }
        return addresses
    }
}
