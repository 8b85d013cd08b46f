@testable import CausewayCore
import Testing

@Suite("Address matching")
struct AddressMatchingTests {
    static let index = AddressIndex([
        .init(id: "A1", number: 12, unit: nil, street: "Harbour Road", town: "Port Meridia", postcode: "MR1 4AB"),
        .init(id: "A2", number: 12, unit: nil, street: "Harbour Road", town: "Eastbrook", postcode: "MR4 1CD"),
        .init(id: "A3", number: 14, unit: nil, street: "Harbour Road", town: "Port Meridia", postcode: "MR1 4AB"),
        .init(id: "A4", number: 20, unit: "Apt 1", street: "Saint Anne Street", town: "Port Meridia", postcode: "MR1 2EF"),
        .init(id: "A5", number: 20, unit: "Apt 2", street: "Saint Anne Street", town: "Port Meridia", postcode: "MR1 2EF"),
        .init(id: "A6", number: 20, unit: "Apt 3", street: "Saint Anne Street", town: "Port Meridia", postcode: "MR1 2EF"),
        .init(id: "A7", number: 5, unit: nil, street: "Victoria Road", town: "Port Meridia", postcode: "MR1 3GH"),
    ])

    @Test func aLineIsTakenApart() {
        let full = AddressText.parse("Apt 3, 12 Harbour Rd., PORT MÉRIDIA mr14ab")
        #expect(full.number == 12 && full.unit == "3" && full.postcode == "MR1 4AB" && full.words == ["harbour", "rd", "port", "meridia"])
        let slash = AddressText.parse("3/12 Saint Anne Street, Port Meridia MR1 2EF")
        #expect(slash.unit == "3" && slash.number == 12 && slash.postcode == "MR1 2EF" && slash.words == ["st", "anne", "st", "port", "meridia"])
        #expect(AddressText.parse("#4 12a harbour road").unit == "4")
        #expect(AddressText.parse("#4 12a harbour road").number == 12)
    }

    @Test func numericPostcodesAndJoinedStreetTypes() {
        // Digits alone at the end are a postcode, not a second number; a street type typed onto
        // the name is split off.
        let typed = AddressText.parse("27 ivo whittoncircuit, murdoch 2026")
        #expect(typed.number == 27 && typed.postcode == "2026" && typed.words == ["ivo", "whitton", "cct", "murdoch"])
        #expect(AddressText.parse("mckillop circuit, eden 2339").number == nil)
        #expect(AddressText.parse("12 harbour rd 3").postcode == nil)
        #expect(AddressText.tokens("broadway hillcrest") == ["broadway", "hillcrest"])
        #expect(AddressText.postcode("10115") == "10115" && AddressText.postcode("mr14ab") == "MR1 4AB")

        // A postcode tells apart a street that two towns have, when the town is not given.
        let index = AddressIndex([
            .init(id: "F1", number: 26, unit: nil, street: "Freda Gibson Circuit", town: "Cabramatta", postcode: "3029"),
            .init(id: "F2", number: 26, unit: nil, street: "Freda Gibson Circuit", town: "Toowoomba", postcode: "6057"),
        ])
        #expect(index.match("26 freda gibson circuit").class == .ambiguous)
        let withPostcode = index.match("26 freda gibsoncircuit, 3029")
        #expect(withPostcode.candidates.first?.id == "F1" && withPostcode.class != .ambiguous && withPostcode.class != .none)
    }

    @Test func candidateStreetsAreTheOnesSharingMostTrigrams() {
        // Against the plain definition: count per street, most first, lower position first.
        var random = SystemRandomNumberGenerator()
        let words = ["harbour", "market", "church", "mill", "station", "victoria", "park", "port", "meridia", "east", "brook", "rd", "st"]
        let entries = (0..<400).map { n in
            AddressIndex.Entry(id: "E\(n)", number: n, unit: nil, street: "\(words.randomElement(using: &random) ?? "") \(words.randomElement(using: &random) ?? "")",
                               town: words.randomElement(using: &random) ?? "", postcode: nil)
        }
        let index = AddressIndex(entries)
        for _ in 0..<50 {
            let query = Set((0..<3).flatMap { _ in AddressIndex.trigrams(words.randomElement(using: &random) ?? "") })
            var counts: [Int32: Int] = [:]
            for gram in query { for street in index.grams[gram] ?? [] { counts[street, default: 0] += 1 } }
            let expected = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(AddressIndex.streetCandidates).map(\.key)
            #expect(index.candidateStreets(query) == expected)
        }
    }

    @Test func typosAbbreviationsAndOrderAreForgivenNumbersAreNot() {
        func best(_ text: String) -> (String?, MatchClass) {
            let result = Self.index.match(text)
            return (result.candidates.first?.id, result.class)
        }
        #expect(best("12 Harbour Road, Port Meridia") == ("A1", .exact))
        #expect(best("12 harbour rd port meridia MR1 4AB") == ("A1", .exact))
        #expect(best("Port Meridia, Harbour Rd 14") == ("A3", .exact))
        #expect(best("12 harbor raod, port meridia").1 == .probable)
        #expect(best("12 harbor raod, port meridia").0 == "A1")
        #expect(best("apt 2, 20 st anne st, port meridia") == ("A5", .exact))
        // Too little to choose: the street is in two towns; the building has three flats.
        #expect(best("12 harbour road").1 == .ambiguous)
        #expect(best("20 Saint Anne Street, Port Meridia").1 == .ambiguous)
        // A number or unit that does not exist is not guessed; nor is another street.
        #expect(best("13 harbour road port meridia").1 == .none)
        #expect(best("apt 9, 20 st anne st, port meridia").1 == .none)
        #expect(best("apt 3, 12 harbour road, port meridia").1 == .none)
        #expect(best("5 Market Road, Port Meridia").1 == .none)
        #expect(best("").1 == .none)
    }

    @Test func similarityForgivesOneSlipInShortWords() {
        #expect(TokenSimilarity.of("harbour", "harbor") > 0.8)
        #expect(TokenSimilarity.of("road", "raod") == 0.75)
        #expect(TokenSimilarity.of("rd", "st") == 0)
        #expect(TokenSimilarity.of("mill", "hill") == 0.75)
        #expect(TokenSimilarity.of("victoria", "harbour") < 0.5)
    }
}
