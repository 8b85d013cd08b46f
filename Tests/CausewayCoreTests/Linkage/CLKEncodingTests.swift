@testable import CausewayCore
import Foundation
import Testing

/// The pieces of clkhash's encoding, without a file: BLAKE2b against RFC 7693 and Python's
/// `hashlib`, the tokenisers against clkhash's documented examples, the strategies' shares,
/// and the schema's checks. The whole encoding is compared with clkhash itself, bit for bit,
/// in interop/test_linkage.py.
@Suite("Record linkage encodings")
struct CLKEncodingTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func blake2bMatchesRFC7693AndHashlib() {
        #expect(Self.hex(BLAKE2b.hash(Array("abc".utf8))) == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
        #expect(Self.hex(BLAKE2b.hash([])) == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
        // hashlib.blake2b(b'token', key=bytes(range(64)), salt=b'0')
        #expect(Self.hex(BLAKE2b.hash(Array("token".utf8), key: Array(0..<64), salt: Array("0".utf8))) == "b63478e2512bc4d1dfbdb484c2e9758afe5dbd03241e33fcf626e2db935a74e4c39da178e8c9dcc2463775281584269b9a97701aa3cbf1fc271e14afdb859196")
        // A message over several blocks, with a short key: hashlib.blake2b(b'x' * 300, key=b'k')
        #expect(Self.hex(BLAKE2b.hash(Array(repeating: UInt8(ascii: "x"), count: 300), key: Array("k".utf8))) == "a16c1f8d33043ffa9fc71f1e199d24be801493d7b9755e8a24aba3de79176464f9d9193de6b1e589dcc711e99514db0118aa119c3c5cc079391e59a090d83113")
    }

    @Test func tokensAreClkhashs() throws {
        let bigrams = LinkageSchema.Comparison(type: "ngram", n: 2)
        #expect(try LinkageTokens.split("clkhash", comparison: bigrams, feature: "f") == [" c", "cl", "lk", "kh", "ha", "as", "sh", "h "])
        var positional = bigrams
        positional.positional = true
        #expect(try LinkageTokens.split("ab", comparison: positional, feature: "f") == ["1  a", "2 ab", "3 b "])
        // Code points, not bytes or grapheme clusters: "Zoë" is three.
        #expect(try LinkageTokens.split("Zoë", comparison: .init(type: "ngram", n: 1), feature: "f") == ["Z", "o", "ë"])
        // clkhash's documented example: threshold 8, resolution 2; 25 is quantised to 26.
        let numeric = LinkageSchema.Comparison(type: "numeric", thresholdDistance: 8, resolution: 2)
        #expect(try LinkageTokens.split("25", comparison: numeric, feature: "f") == ["88", "96", "104", "112", "120"])
        #expect(try LinkageTokens.split("", comparison: bigrams, feature: "f").isEmpty)
        #expect(CLKEncoder.bitsPerToken(.init(bitsPerFeature: 10), tokens: 4) == [3, 3, 2, 2])
    }

    @Test func valuesAreCheckedAndNormalised() throws {
        let date = LinkageSchema.Format(type: "date", format: "%d/%m/%Y")
        #expect(try LinkageTokens.normalised("03/02/2001", format: date, feature: "f") == "20010203")
        #expect(throws: LinkageTokens.InvalidValue.self) { try LinkageTokens.normalised("31/02/2001", format: date, feature: "f") }
        #expect(try LinkageTokens.normalised("0042", format: .init(type: "integer"), feature: "f") == "42")
        #expect(throws: LinkageTokens.InvalidValue.self) { try LinkageTokens.normalised("abc", format: .init(type: "integer"), feature: "f") }
        #expect(throws: LinkageTokens.InvalidValue.self) { try LinkageTokens.normalised("a", format: .init(type: "enum", values: ["F", "M"]), feature: "f") }
        #expect(throws: LinkageTokens.InvalidValue.self) { try LinkageTokens.normalised("mixed", format: .init(type: "string", case: "upper"), feature: "f") }
    }

    @Test func badSchemasAreRefusedWithPointers() throws {
        let json = #"""
            {"version": 2, "clkConfig": {"l": 1000, "kdf": {"type": "scrypt"}},
             "features": [{"identifier": "name", "format": {"type": "string"},
                           "hashing": {"comparison": {"type": "soundex"}, "strategy": {}}}]}
            """#
        let schema = try JSONDecoder().decode(LinkageSchema.self, from: Data(json.utf8))
        do {
            try schema.validate()
            Issue.record("a bad schema was accepted")
        } catch {
            #expect(Set(error.errors.map(\.pointer)) == ["/version", "/clkConfig/kdf/type", "/clkConfig/l", "/features/0/hashing/comparison/type",
                                                         "/features/0/hashing/strategy"])
        }
    }
}
