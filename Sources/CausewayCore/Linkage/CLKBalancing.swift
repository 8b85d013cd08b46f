import Crypto
import Foundation

/// Balanced encodings (Schnell, Borgs and Encarnação 2016): each encoding is followed by its
/// complement and the 2·l bits are shuffled by a permutation only the parties can derive, so
/// every balanced encoding has exactly l bits set.
///
/// Why: an encoding's number of set bits grows with the number of distinct n-grams, so it
/// tells a name's length, and it is what frequency and pattern-mining attacks on Bloom filters
/// start from. Balanced, every record weighs the same. Dice is still a similarity of the
/// records (it becomes 1 − Hamming distance / l on the original bits), so the same
/// linkage works, at twice the size. clkhash has no balancing: a balanced encoding links only
/// with another balanced one, made with the same secret.
///
/// The permutation is a Fisher–Yates shuffle driven by HMAC-SHA256 under a key derived from
/// the shared secret (HKDF-SHA256, its own salt and info), so the linkage service, which does
/// not hold the secret, cannot undo it. Pure and `Sendable`.
public struct CLKBalancing: Sendable {
    /// Where each bit of the doubled encoding goes.
    let permutation: [Int]

    public init(secret: [UInt8], bits: Int) {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: Data("causeway balanced encodings".utf8),
                                         info: Data("bit permutation".utf8), outputByteCount: 32)
        var order = Array(0..<(2 * bits))
        var block = 0
        var stream: [UInt8] = []
        func next() -> UInt64 {
            if stream.count < 8 {
                stream += Array(HMAC<SHA256>.authenticationCode(for: withUnsafeBytes(of: UInt64(block).bigEndian) { Data($0) }, using: key))
                block += 1
            }
            let value = stream.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            stream.removeFirst(8)
            return value
        }
        var index = order.count - 1
        while index > 0 {
            // Rejection sampling keeps the shuffle uniform.
            let bound = UInt64(index + 1)
            let limit = UInt64.max - UInt64.max % bound
            var draw = next()
            while draw >= limit { draw = next() }
            order.swapAt(index, Int(draw % bound))
            index -= 1
        }
        permutation = order
    }

    /// The balanced encoding of `bytes` (an encoding of `bits` bits): twice as long, half set.
    public func balance(_ bytes: [UInt8]) -> [UInt8] {
        let bits = permutation.count / 2
        var output = [UInt8](repeating: 0, count: permutation.count / 8)
        for position in 0..<permutation.count {
            let source = position % bits
            let set = bytes[source / 8] & (0x80 >> UInt8(source % 8)) != 0
            guard set != (position >= bits) else { continue }
            let target = permutation[position]
            output[target / 8] |= 0x80 >> UInt8(target % 8)
        }
        return output
    }
}
