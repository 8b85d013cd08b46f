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
        asciiTerms(text) ?? foldedTerms(text)
    }

    /// The terms of an ASCII text, read byte by byte, or nil when the text is not ASCII. Why:
    /// most catalogue text is ASCII, and for it folding is lowercasing and a letter or digit is
    /// `[A-Za-z0-9]`; Foundation's folding and `Character.isLetter` (a Unicode property
    /// lookup per character) were a fifth of the start of a million-dataset node. The result
    /// is exactly ``foldedTerms(_:)``'s (a test holds them to that).
    static func asciiTerms(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var terms: [String] = []
            var word: [UInt8] = []
            func flush() {
                guard !word.isEmpty else { return }
                let term = String(decoding: word, as: UTF8.self)
                if !stopWords.contains(term) { terms.append(stem(term)) }
                word.removeAll(keepingCapacity: true)
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
                case 0x80...: return nil
                default: flush()
                }
            }
            flush()
            return terms
        }
    }

    /// The terms of any text, Unicode folded.
    static func foldedTerms(_ text: String) -> [String] {
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
