@testable import CausewayCore
import Testing

/// The tokenizer's ASCII fast path against its Unicode path: indexing and querying must cut
/// text into the same terms whichever path a text takes.
@Suite("Tokenizer")
struct TokenizerTests {
    @Test func asciiTextGivesTheFoldedTerms() {
        var random = SeededRandom(seed: 21)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n\r-_.,;:'\"!?()[]{}/\\@#$%^&*+=<>|~`")
        let words = ["The", "hospitals", "BY", "gas", "Cities", "address", "status", "of", "COVID-19", "e-mail", "x"]
        var texts = ["", " ", "Hospital Admissions By Region, Meridia", "Crimes and bus stops: 2026's figures\r\n(revised)"]
        for _ in 0..<2_000 {
            let length = Int(random.next() % 40)
            texts.append(String((0..<length).map { _ in
                random.next() % 4 == 0 ? " " + words[Int(random.next() % UInt64(words.count))] + " " : String(alphabet[Int(random.next() % UInt64(alphabet.count))])
            }.joined()))
        }
        for text in texts {
            #expect(Tokenizer.asciiTerms(text) == Tokenizer.foldedTerms(text), "\(text.debugDescription)")
        }
    }

    @Test func otherTextIsFolded() {
        #expect(Tokenizer.asciiTerms("Saúde pública") == nil)
        #expect(Tokenizer.terms("Saúde PÚBLICA, hospitals") == ["saude", "publica", "hospital"])
        #expect(Tokenizer.terms("Crèches in the cities") == ["creche", "city"])
    }
}
