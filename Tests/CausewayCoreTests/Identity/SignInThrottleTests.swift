@testable import CausewayCore
import Foundation
import Testing

@Suite("Sign-in throttle")
struct SignInThrottleTests {
    let throttle = SignInThrottle()
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test func fiveFailuresLockForHalfAMinuteAndEachFurtherOneDoubles() {
        var failures = (0..<4).map { at(Double($0)) }
        #expect(throttle.wait(failures: failures, limit: 5, now: at(4)) == nil, "four mistakes: try again")
        failures.append(at(4))
        #expect(throttle.justLocked(failures: failures, limit: 5, now: at(4)))
        #expect(throttle.wait(failures: failures, limit: 5, now: at(4)) == 30)
        #expect(throttle.wait(failures: failures, limit: 5, now: at(34)) == nil, "the lock runs out")
        failures.append(at(35))
        #expect(!throttle.justLocked(failures: failures, limit: 5, now: at(35)), "logged once per lock")
        #expect(throttle.wait(failures: failures, limit: 5, now: at(35)) == 60)
        failures.append(at(96))
        #expect(throttle.wait(failures: failures, limit: 5, now: at(96)) == 120)
        let many = (0..<40).map { at(Double($0)) }
        #expect(throttle.wait(failures: many, limit: 5, now: at(39)) == throttle.maxDelay, "never longer than the cap")
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        let old = (0..<10).map { at(Double($0)) }
        #expect(throttle.wait(failures: old, limit: 5, now: at(throttle.window + 10)) == nil)
        #expect(throttle.wait(failures: old + [at(throttle.window + 5)], limit: 5, now: at(throttle.window + 6)) == nil)
    }
}
