/// BLAKE2b (RFC 7693) with a key and a salt: the keyed hash clkhash's `blakeHash` strategy
/// draws Bloom filter positions from. swift-crypto has no BLAKE2, and the encodings must match
/// clkhash's bit for bit, so it is written out here; tests check RFC 7693's vector and
/// Python's `hashlib.blake2b` with a key and a salt.
///
/// A value type that hashes one message per call; no state is kept between calls.
public enum BLAKE2b {
    static let iv: [UInt64] = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]

    static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// The `digestLength`-byte hash of `message` under `key` (at most 64 bytes) and `salt`
    /// (at most 16 bytes, zero-padded as `hashlib` does).
    public static func hash(_ message: [UInt8], key: [UInt8] = [], salt: [UInt8] = [], digestLength: Int = 64) -> [UInt8] {
        precondition((1...64).contains(digestLength) && key.count <= 64 && salt.count <= 16)
        var h = iv
        // The parameter block: digest length, key length, fan-out 1, depth 1; the salt in words 4 and 5.
        h[0] ^= 0x0101_0000 ^ UInt64(key.count) << 8 ^ UInt64(digestLength)
        let paddedSalt = salt + [UInt8](repeating: 0, count: 16 - salt.count)
        h[4] ^= word(paddedSalt, 0)
        h[5] ^= word(paddedSalt, 8)

        var data = message
        if !key.isEmpty { data = key + [UInt8](repeating: 0, count: 128 - key.count) + message }
        var counter: UInt64 = 0
        var offset = 0
        // Every block but the last is compressed as it comes; the last (possibly empty) is final.
        while data.count - offset > 128 {
            counter += 128
            compress(&h, block: Array(data[offset..<offset + 128]), counter: counter, last: false)
            offset += 128
        }
        let tail = Array(data[offset...])
        counter += UInt64(tail.count)
        compress(&h, block: tail + [UInt8](repeating: 0, count: 128 - tail.count), counter: counter, last: true)

        var out: [UInt8] = []
        out.reserveCapacity(64)
        for value in h {
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        return Array(out.prefix(digestLength))
    }

    private static func word(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[at + index]) }
        return value
    }

    private static func compress(_ h: inout [UInt64], block: [UInt8], counter: UInt64, last: Bool) {
        let m = (0..<16).map { word(block, $0 * 8) }
        var v = h + iv
        v[12] ^= counter
        if last { v[14] = ~v[14] }
        func mix(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
            v[a] = v[a] &+ v[b] &+ x
            v[d] = (v[d] ^ v[a]).rotatedRight(32)
            v[c] = v[c] &+ v[d]
            v[b] = (v[b] ^ v[c]).rotatedRight(24)
            v[a] = v[a] &+ v[b] &+ y
            v[d] = (v[d] ^ v[a]).rotatedRight(16)
            v[c] = v[c] &+ v[d]
            v[b] = (v[b] ^ v[c]).rotatedRight(63)
        }
        for round in 0..<12 {
            let s = sigma[round % 10]
            mix(0, 4, 8, 12, m[s[0]], m[s[1]])
            mix(1, 5, 9, 13, m[s[2]], m[s[3]])
            mix(2, 6, 10, 14, m[s[4]], m[s[5]])
            mix(3, 7, 11, 15, m[s[6]], m[s[7]])
            mix(0, 5, 10, 15, m[s[8]], m[s[9]])
            mix(1, 6, 11, 12, m[s[10]], m[s[11]])
            mix(2, 7, 8, 13, m[s[12]], m[s[13]])
            mix(3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for index in 0..<8 { h[index] ^= v[index] ^ v[index + 8] }
    }
}

extension UInt64 {
    fileprivate func rotatedRight(_ count: UInt64) -> UInt64 {
        self >> count | self << (64 - count)
    }
}
