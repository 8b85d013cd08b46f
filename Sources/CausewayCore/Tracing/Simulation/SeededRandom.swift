/// A small, fast, seeded random number generator (SplitMix64), so a simulation run is
/// repeatable from its seed on every machine. Not for secrets.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one part of a simulation (a day, a pair), independent of the order the
    /// parts are computed in.
    public init(seed: UInt64, _ parts: Int...) {
        var mixed = SeededRandom(seed: seed)
        for part in parts { mixed = SeededRandom(seed: mixed.next() ^ UInt64(bitPattern: Int64(part)) &* 0x9E37_79B9_7F4A_7C15) }
        self = mixed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A normally distributed value (Box–Muller).
    public mutating func normal(mean: Double = 0, deviation: Double) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return mean + deviation * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
