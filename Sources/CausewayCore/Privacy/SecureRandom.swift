import Crypto

/// A cryptographically secure source of random 64-bit words, refilled 4 KiB at a time from
/// BoringSSL's generator (the one swift-crypto makes keys with).
///
/// Differential privacy's guarantee holds only if the noise cannot be predicted, so the
/// samplers never run on a seeded or statistical generator in production. Asking the kernel
/// for every word costs a system call each; a buffer makes a discrete Laplace sample cost
/// about as much as the arithmetic around it.
///
/// Invariant: `buffer[position...]` holds words not handed out yet. Not thread-safe: a value
/// type each task owns (make one per query; they are cheap).
public struct SecureRandom: RandomNumberGenerator, Sendable {
    private var buffer: [UInt64] = []
    private var position = 0
    static let words = 512

    public init() {}

    public mutating func next() -> UInt64 {
        if position == buffer.count { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func refill() {
        let fresh = SymmetricKey(size: SymmetricKeySize(bitCount: Self.words * 64))
        buffer = fresh.withUnsafeBytes { bytes in
            (0..<Self.words).map { bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
        }
        position = 0
    }
}
