import Foundation

/// The privacy an agreement lets one consumer spend on one dataset: a total for the
/// agreement's life and, optionally, an allowance per day (UTC), both in zCDP's ρ.
///
/// Why ρ: answers compose by adding their ρ, whichever mechanism gave them, and a total is
/// converted to the (ε, δ) a reader knows with ``PrivacyLoss/epsilon(forRho:delta:)``. A
/// statistics office sets it as it would an ε: ρ = ε²/2 for a pure-ε answer, so a total of
/// 0.5 allows one ε = 1 answer, or fifty ε = 0.1 answers.
public struct PrivacyBudget: Sendable, Hashable, Codable {
    public var rho: Double
    public var dailyRho: Double?

    public init(rho: Double, dailyRho: Double? = nil) {
        self.rho = rho
        self.dailyRho = dailyRho
    }

    /// What was spent against a budget so far: in total, and today (UTC).
    public struct Spent: Sendable, Hashable, Codable {
        public var total: Double
        public var today: Double

        public init(total: Double, today: Double) {
            self.total = total
            self.today = today
        }
    }

    /// Why a query cannot spend, with what is left and when more becomes available.
    public struct Exhausted: Error, Sendable, Hashable {
        public var asked: Double
        public var remaining: Double
        public var remainingToday: Double?
        /// When the daily allowance renews, if that is what ran out; nil when the total did.
        public var renewsAt: Date?
    }

    /// Spending is exact in millionths of ρ: a sum of doubles would let rounding creep past
    /// the total over thousands of queries.
    /// Rounded up (a spend is never counted as less than it was), ignoring a last-bit error.
    public static func micros(_ value: Double) -> Int64 { Int64((value * 1_000_000 - 1e-6).rounded(.up)) }

    /// Decides one spend: allowed only if it fits both the total and today's allowance; a
    /// refused spend changes nothing (the caller stores nothing).
    public func admit(_ rho: Double, spent: Spent, now: Date) throws(Exhausted) {
        let asked = Self.micros(rho)
        let remaining = Self.micros(self.rho) - Self.micros(spent.total)
        let remainingToday = dailyRho.map { Self.micros($0) - Self.micros(spent.today) }
        if asked > remaining {
            throw Exhausted(asked: rho, remaining: max(0, Double(remaining) / 1_000_000), remainingToday: remainingToday.map { max(0, Double($0) / 1_000_000) },
                            renewsAt: nil)
        }
        if let remainingToday, asked > remainingToday {
            throw Exhausted(asked: rho, remaining: Double(remaining) / 1_000_000, remainingToday: max(0, Double(remainingToday) / 1_000_000),
                            renewsAt: Self.nextDay(after: now))
        }
    }

    /// The start of the next UTC day: when a daily allowance renews.
    public static func nextDay(after now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 + 86_400)
    }

    /// The start of the UTC day `now` is in.
    public static func dayStart(of now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// Checks a budget as an agreement states it.
    func check(into validator: inout Validator, at pointer: String) {
        validator.check(rho.isFinite && rho > 0 && rho <= 100, "\(pointer)/rho", "must be a positive ρ of at most 100")
        if let dailyRho {
            validator.check(dailyRho.isFinite && dailyRho > 0 && dailyRho <= rho, "\(pointer)/dailyRho", "must be positive and at most the total")
        }
    }
}
