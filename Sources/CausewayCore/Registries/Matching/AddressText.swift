import Foundation

/// Free-text address as a person typed it, taken apart: the house number, the unit (flat,
/// apartment), the postcode, and the words left (street and town, in any order). Both sides
/// of a match go through the same normalisation, so "St", "Street" and "Saint" meet as one
/// word, "Rd" and "Road" too, and accents or capitals never matter.
public struct AddressText: Sendable, Hashable {
    public var number: Int?
    public var unit: String?
    public var postcode: String?
    public var words: [String]

    public init(number: Int? = nil, unit: String? = nil, postcode: String? = nil, words: [String]) {
        self.number = number
        self.unit = unit
        self.postcode = postcode
        self.words = words
    }

    /// Street-type and other words people shorten, each to one spelling.
    static let synonyms: [String: String] = [
        "street": "st", "str": "st", "saint": "st", "road": "rd", "avenue": "ave", "av": "ave", "lane": "ln", "close": "cl",
        "drive": "dr", "way": "wy", "place": "pl", "crescent": "cres", "cresc": "cres", "terrace": "tce", "terr": "tce",
        "court": "ct", "crt": "ct", "gardens": "gdns", "gdn": "gdns", "mount": "mt", "square": "sq", "highway": "hwy",
        "circuit": "cct", "parade": "pde", "boulevard": "blvd", "grove": "gr",
        "north": "n", "south": "s", "east": "e", "west": "w", "upper": "upr", "lower": "lwr",
    ]
    /// Street types long enough to be recognised when typed onto the name ("leonardclose"):
    /// the full forms of four letters or more, longest first.
    static let joinedSuffixes: [(String, String)] = synonyms
        .filter { $0.key.count >= 4 && $0.value.count < $0.key.count && !["north", "south", "east", "west", "upper", "lower", "saint", "mount"].contains($0.key) }
        .sorted { $0.key.count != $1.key.count ? $0.key.count > $1.key.count : $0.key < $1.key }
        .map { ($0.key, $0.value) }
    /// The short forms of street types and directions: they tell streets apart less than names do.
    static let minorWords = Set(synonyms.values)
    /// Each short form's spellings in full, to compare a mistyped full word ("raod") with.
    static let longForms: [String: [String]] = Dictionary(grouping: synonyms.keys, by: { synonyms[$0] ?? $0 })
    /// Words that introduce a unit number.
    static let unitWords: Set<String> = ["apt", "apartment", "flat", "unit", "suite", "ste", "no", "#"]

    /// Lower case, accents folded, punctuation as spaces (but `#` and `/` kept as their own
    /// tokens, which mark units), synonyms applied.
    public static func tokens(_ text: String) -> [String] {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var tokens: [String] = []
        var current = ""
        func flush() {
            if let known = synonyms[current] {
                tokens.append(known)
            } else if let (name, type) = splitJoined(current) {
                tokens += [name, type]
            } else if !current.isEmpty {
                tokens.append(current)
            }
            current = ""
        }
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
                if scalar == "#" || scalar == "/" { tokens.append(String(scalar)) }
            }
        }
        flush()
        return tokens
    }

    /// A street name typed onto its type, with the space lost ("nullaginestreet"), as the name
    /// and the type's short form; nil for any other word. The name must keep three letters.
    static func splitJoined(_ word: String) -> (String, String)? {
        guard word.count >= 7, word.allSatisfy(\.isLetter) else { return nil }
        for (long, short) in joinedSuffixes where word.hasSuffix(long) && word.count - long.count >= 3 {
            return (String(word.dropLast(long.count)), short)
        }
        return nil
    }

    /// A postcode's canonical form: upper case; one space before the last three characters
    /// when it has letters (the British form), digits alone as they are ("2026", "10115").
    public static func postcode(_ text: String) -> String {
        let compact = text.uppercased().filter { $0.isLetter || $0.isNumber }
        guard compact.count > 3, compact.contains(where: \.isLetter) else { return compact }
        return "\(compact.dropLast(3)) \(compact.suffix(3))"
    }

    /// Digits alone, four to six of them: a postcode in most countries that write it so.
    static func isNumericPostcode(_ token: String) -> Bool {
        (4...6).contains(token.count) && token.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Parses a line as typed. Numbers: "12", "12a" (the letter is ignored), "3/12" (unit 3 of
    /// number 12), "apt 3" / "flat 3" / "#3" (a unit). A postcode is an outward code (letters
    /// then digits, like "MR4") with its inward part ("7QT"), or run together ("MR47QT"), or
    /// four to six digits at the end of the line ("2026").
    public static func parse(_ text: String) -> AddressText {
        var tokens = tokens(text)
        var result = AddressText(words: [])
        // Postcode first, so its digits are not taken for a house number.
        for index in tokens.indices {
            if isOutward(tokens[index]), index + 1 < tokens.count, isInward(tokens[index + 1]) {
                result.postcode = postcode(tokens[index] + tokens[index + 1])
                tokens.removeSubrange(index...(index + 1))
                break
            }
            if tokens[index].count >= 5, isOutward(String(tokens[index].dropLast(3))), isInward(String(tokens[index].suffix(3))) {
                result.postcode = postcode(tokens[index])
                tokens.remove(at: index)
                break
            }
        }
        // Digits alone at the end, after words, are a postcode ("murdoch 2026"): house numbers
        // come before the street here.
        if result.postcode == nil, let last = tokens.last, isNumericPostcode(last),
           tokens.dropLast().contains(where: { $0.first?.isLetter == true }) {
            result.postcode = postcode(last)
            tokens.removeLast()
        }
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if unitWords.contains(token), index + 1 < tokens.count, let unit = leadingNumber(tokens[index + 1]) {
                result.unit = String(unit)
                tokens.removeSubrange(index...(index + 1))
                continue
            }
            if index + 2 < tokens.count, tokens[index + 1] == "/", let unit = leadingNumber(token), let number = leadingNumber(tokens[index + 2]) {
                result.unit = String(unit)
                result.number = number
                tokens.removeSubrange(index...(index + 2))
                continue
            }
            if result.number == nil, let number = leadingNumber(token), token.count <= 6 {
                result.number = number
                tokens.remove(at: index)
                continue
            }
            index += 1
        }
        result.words = tokens.filter { $0 != "#" && $0 != "/" && !unitWords.contains($0) }
        return result
    }

    static func leadingNumber(_ token: String) -> Int? {
        let digits = token.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, token.count - digits.count <= 1 else { return nil }
        return Int(digits)
    }

    static func isOutward(_ token: String) -> Bool {
        let letters = token.prefix { $0.isLetter }
        let rest = token.dropFirst(letters.count)
        return (1...2).contains(letters.count) && (1...2).contains(rest.count) && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isInward(_ token: String) -> Bool {
        let characters = Array(token)
        return characters.count == 3 && characters[0].isNumber && characters[1].isLetter && characters[2].isLetter
    }
}
