/// A cryptographically secure source of random 64-bit words: the ChaCha20 keystream (RFC 8439's
/// block function, with a 64-bit block counter) under a 256-bit key drawn from the operating
/// system's generator when the value is made.
///
/// Differential privacy's guarantee holds only if the noise cannot be predicted, so the
/// samplers never run on a seeded or statistical generator in production. Asking the kernel
/// for every word costs a system call each, and a generator that allocates secure memory per
/// refill costs more; a keystream is the construction the kernel's own generator and
/// `arc4random` use, and makes a discrete Laplace sample cost about as much as its arithmetic.
///
/// Invariant: `buffer[position...]` holds keystream words not handed out yet; a block is never
/// used twice (the counter only grows). Not thread-safe: a value each task owns (make one per
/// query; they are cheap).
public struct SecureRandom: RandomNumberGenerator, Sendable {
    private var key: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    private var nonce: (UInt32, UInt32)
    private var counter: UInt64 = 0
    private var buffer = [UInt64](repeating: 0, count: 8 * Self.blocksPerRefill)
    private var position = 8 * Self.blocksPerRefill
    static let blocksPerRefill = 8

    public init() {
        var system = SystemRandomNumberGenerator()
        func word() -> UInt32 { UInt32(truncatingIfNeeded: system.next()) }
        key = (word(), word(), word(), word(), word(), word(), word(), word())
        nonce = (word(), word())
    }

    /// A generator with a given key, nonce and first block: for the RFC's test vectors only.
    init(key: [UInt32], nonce: (UInt32, UInt32), counter: UInt64) {
        precondition(key.count == 8)
        self.key = (key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7])
        self.nonce = nonce
        self.counter = counter
    }

    public mutating func next() -> UInt64 {
        if position == buffer.count { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func refill() {
        for block in 0..<Self.blocksPerRefill {
            let words = Self.block(key: key, counter: counter, nonce: nonce)
            counter &+= 1
            for index in 0..<8 {
                buffer[block * 8 + index] = UInt64(words[2 * index]) | UInt64(words[2 * index + 1]) << 32
            }
        }
        position = 0
    }

    /// The ChaCha20 block function: 20 rounds over the constants, key, counter and nonce, plus
    /// the input. Words are little-endian, as the RFC serialises them.
    static func block(key k: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), counter: UInt64,
                      nonce: (UInt32, UInt32)) -> [UInt32] {
        let input: [UInt32] = [0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574, k.0, k.1, k.2, k.3, k.4, k.5, k.6, k.7,
                               UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), nonce.0, nonce.1]
        var x = input
        @inline(__always) func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d] << 16 | x[d] >> 16
            x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b] << 12 | x[b] >> 20
            x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d] << 8 | x[d] >> 24
            x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b] << 7 | x[b] >> 25
        }
        for _ in 0..<10 {
            quarter(0, 4, 8, 12); quarter(1, 5, 9, 13); quarter(2, 6, 10, 14); quarter(3, 7, 11, 15)
            quarter(0, 5, 10, 15); quarter(1, 6, 11, 12); quarter(2, 7, 8, 13); quarter(3, 4, 9, 14)
        }
        for index in 0..<16 { x[index] &+= input[index] }
        return x
    }
}
