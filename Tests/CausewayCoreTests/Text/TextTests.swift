import CausewayCore
import Crypto
import Foundation
import Testing

@Suite("Encodings")
struct EncodingTests {
    @Test func hexIsLowerCaseTwoDigitsPerByte() {
        #expect(Hex.string([0x00, 0x0a, 0xab, 0xff]) == "000aabff")
        #expect(Hex.string([UInt8]()) == "")
        // FIPS 180-2's "abc" vector, through a digest as the callers pass one.
        #expect(Hex.string(SHA256.hash(data: Data("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func base64URLUsesTheSafeAlphabetWithoutPadding() {
        #expect(Data([0xfb, 0xff]).base64URLEncoded == "-_8")
        #expect(Data("any carnal pleas".utf8).base64URLEncoded == "YW55IGNhcm5hbCBwbGVhcw")
        #expect(Data().base64URLEncoded == "")
    }
}

/// The pure-Swift text helpers answer as the Foundation calls they replace.
@Suite("Text helpers agree with Foundation")
struct TextHelperTests {
    static let samples = ["", "a", "  a b ", "\tx\u{00A0}", "\u{3000}y\u{2003}", "   ", "a\n", "\n a \n", "é", " \u{200B}z",
                          "%41", "S1234567%41", "%C3%A9t%C3%A9", "%zz", "%4", "%", "%FF", "%e2%82%ac", "a%2Fb", "100%25", "+%20+"]

    @Test(arguments: samples) func trimmingBlanksIsWhitespaceTrimming(sample: String) {
        #expect(sample.trimmingBlanks == sample.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: samples) func percentDecodingIsRemovingPercentEncoding(sample: String) {
        #expect(sample.percentDecoded == sample.removingPercentEncoding)
        #expect(sample[...].percentDecoded == sample.removingPercentEncoding)
    }
}

extension TextHelperTests {
    @Test func blanksAreFoundationsWhitespaceSet() {
        let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}"]
        let differ = scalars.filter { String($0).trimmingBlanks.isEmpty != String($0).trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(differ.map { String($0.value, radix: 16) } == [])
    }
}

extension TextHelperTests {
    @Test func byteSearchFindsSubstrings() {
        #expect("application/vnd.api+json".containsBytes(of: "+json"))
        #expect(!"application/json".containsBytes(of: "+json"))
        #expect("/a/%2f/b".containsBytes(of: "%2f"))
        #expect("abc".containsBytes(of: ""))
        #expect(!"".containsBytes(of: "a"))
        #expect("x//y"[...].containsBytes(of: "//"))
    }
}

@Suite("UTC time")
struct UTCTimeTests {
    /// Against Foundation's ISO 8601 style on moments across four centuries, before and after
    /// 1970, with fractions.
    @Test func agreesWithFoundationsISO8601() {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        var moments: [Double] = [0, -0.001, 951_782_400, 951_868_800, 1_796_083_200.25, 4_102_444_799.999, -2_208_988_800, 253_402_300_799]
        moments += (0..<2_000).map { _ in Double(Int64.random(in: -4_000_000_000_000...8_000_000_000_000, using: &generator)) / 1_000 }
        for seconds in moments {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTime(date).iso8601 == date.formatted(style), "\(seconds)")
            #expect(UTCTime(date).yearMonth == String(date.formatted(style).prefix(7)), "\(seconds)")
        }
    }
}

extension TextHelperTests {
    @Test func trimmedIsWhitespaceAndNewlineTrimming() {
        let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}"]
        let differ = scalars.filter { String($0).trimmed.isEmpty != String($0).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(differ.map { String($0.value, radix: 16) } == [])
        for sample in Self.samples { #expect(sample.trimmed == sample.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
