import CausewayCore
import Foundation
import Testing

/// Balanced encodings: every one weighs the same, the shuffle depends only on the secret, and
/// Dice still tells alike records from different ones.
@Suite("Balanced encodings")
struct CLKBalancingTests {
    static func bytes(_ set: [Int], bits: Int = 128) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: bits / 8)
        for bit in set { bytes[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        return bytes
    }

    @Test func everyBalancedEncodingHasHalfItsBitsSet() {
        let balancing = CLKBalancing(secret: Array("shared".utf8), bits: 128)
        for set in [[], [0], Array(0..<64), Array(0..<128), [3, 17, 99, 127]] {
            let balanced = CLK(bytes: balancing.balance(Self.bytes(set)))
            #expect(balanced.bitCount == 256 && balanced.popcount == 128)
        }
    }

    @Test func theShuffleIsTheSecretsAndKeepsSimilarity() {
        let one = CLKBalancing(secret: Array("shared".utf8), bits: 128), again = CLKBalancing(secret: Array("shared".utf8), bits: 128)
        let other = CLKBalancing(secret: Array("another".utf8), bits: 128)
        let record = Self.bytes([1, 5, 9, 40, 41, 42, 77, 100])
        #expect(one.balance(record) == again.balance(record))
        #expect(one.balance(record) != other.balance(record))
        // Not simply the filter and its complement side by side.
        #expect(one.balance(record) != record + record.map { ~$0 })
        let alike = Self.bytes([1, 5, 9, 40, 41, 42, 77, 101]), unlike = Self.bytes([2, 6, 10, 50, 51, 52, 78, 110])
        let a = CLK(bytes: one.balance(record)), b = CLK(bytes: one.balance(alike)), c = CLK(bytes: one.balance(unlike))
        // Dice on balanced encodings is 1 − Hamming distance / l on the originals.
        #expect(a.dice(b) == 1 - 2.0 / 128 && a.dice(c) == 1 - 16.0 / 128)
    }
}
