import CausewayKernels
import Foundation

/// One record's encoding as the matcher holds it: its bits in 64-bit words (the first bit of
/// the serialised bytes is the high bit of the first word) and how many are set.
///
/// A value type; comparing two is a popcount of their AND, which is what makes millions of
/// comparisons a second possible.
public struct CLK: Sendable, Hashable {
    public let words: [UInt64]
    public let bitCount: Int
    /// Set bits.
    public let popcount: Int

    /// The CLK from clkhash's serialised bytes (`l / 8` of them).
    public init(bytes: [UInt8]) {
        bitCount = bytes.count * 8
        var words = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        for (index, byte) in bytes.enumerated() {
            words[index >> 3] |= UInt64(byte) << UInt64(56 - (index & 7) * 8)
        }
        self.words = words
        popcount = words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The CLK from its base64 text, or nil if it is not base64.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(bytes: [UInt8](data))
    }

    /// Dice's coefficient, 2|A ∧ B| / (|A| + |B|), computed as anonlink does (0 when both are
    /// empty), so the same threshold selects the same pairs. The common bits are counted by
    /// the same kernel as `LinkageMatcher`'s.
    public func dice(_ other: CLK) -> Double {
        let total = popcount + other.popcount
        guard total > 0, words.count == other.words.count else { return 0 }
        let common = words.withUnsafeBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                guard let a = mine.baseAddress, let b = theirs.baseAddress else { return 0 }
                return causeway_common_bits(a, b, words.count)
            }
        }
        return Double(2 * common) / Double(total)
    }
}
