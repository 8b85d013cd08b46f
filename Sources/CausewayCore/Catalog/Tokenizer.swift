import Foundation

/// Turns text into search terms: case and accents folded ("Saúde" matches "saude"), split on
/// anything that is not a letter or digit, common English stop words dropped, and a light
/// plural stemming ("hospitals" matches "hospital"). Indexing and querying use the same rules,
/// which is all that relevance needs.
public enum Tokenizer {
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
        "that", "the", "this", "to", "with",
    ]

    public static func terms(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var terms: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty {
                if !stopWords.contains(current) { terms.append(stem(current)) }
                current = ""
            }
        }
        for character in folded {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return terms
    }

    /// Strips a plural "s" (but not "ss", and not from short words like "gas").
    static func stem(_ term: String) -> String {
        guard term.count > 3, term.hasSuffix("s"), !term.hasSuffix("ss"), !term.hasSuffix("us") else { return term }
        if term.hasSuffix("ies"), term.count > 4 { return String(term.dropLast(3)) + "y" }
        return String(term.dropLast())
    }
}
