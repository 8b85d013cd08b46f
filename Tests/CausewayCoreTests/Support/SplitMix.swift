import Foundation

/// A small deterministic generator (SplitMix64), so that a randomised test's failure can be
/// replayed: each such test starts from ``seed(_:)`` and names the seed in every failure.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// The seed for a randomised test: `CAUSEWAY_TEST_SEED` when set (to replay a failure),
    /// otherwise a new one each run, so that runs explore different inputs.
    static func seed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["CAUSEWAY_TEST_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 0...UInt64.max)
    }
}
