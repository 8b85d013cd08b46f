/// How much a consumer may call under one agreement. Both limits hold at once: per minute
/// protects the provider's systems, per day bounds how much data can leave.
public struct Quota: Sendable, Hashable, Codable {
    public var perMinute: Int
    public var perDay: Int

    public init(perMinute: Int, perDay: Int) {
        self.perMinute = perMinute
        self.perDay = perDay
    }

    func check(into validator: inout Validator, at pointer: String) {
        validator.check(perMinute >= 1 && perMinute <= 1_000_000, pointer + "/perMinute", "must be between 1 and 1,000,000")
        validator.check(perDay >= 1 && perDay <= 1_000_000_000, pointer + "/perDay", "must be between 1 and 1,000,000,000")
        validator.check(perMinute <= perDay, pointer + "/perMinute", "must not exceed perDay")
    }
}
