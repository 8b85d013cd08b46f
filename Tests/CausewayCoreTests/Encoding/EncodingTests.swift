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
