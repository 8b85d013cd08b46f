import CausewayCore
@testable import CausewayServer
import Foundation
import Synchronization
import Testing

/// Every part of a node reads the one clock in its configuration, so a test can move the
/// whole node in time: tokens age, agreements end, and the log dates what happened by it.
@Suite("Node clock")
struct NodeClockTests {
    /// How far the test has moved the node's clock ahead of the real one.
    final class Offset: Sendable {
        private let seconds = Mutex<TimeInterval>(0)
        func move(to value: TimeInterval) { seconds.withLock { $0 = value } }
        var now: Date { Date().addingTimeInterval(seconds.withLock { $0 }) }
    }

    @Test func tokensAgreementsAndTheLogFollowTheNodesClock() async throws {
        let offset = Offset()
        var configuration = try await TestNode.configuration(demo: true)
        configuration.clock = { offset.now }
        try await TestNode.with(configuration: configuration) { node in
            try await ExchangeTests.load(node)
            let records = ExchangeTests.registry + "/P1"
            let token = try await ExchangeTests.accessToken(node)
            let first = try await ExchangeTests.call(node, records, token: token)
            #expect(first.status == .ok, "\(first.text)")

            // Past the access token's lifetime by the node's clock, not the machine's.
            offset.move(to: AccessTokens.lifetime + 5)
            try await ExchangeTests.call(node, records, token: token).expectProblem(.unauthorized, "auth.invalid")

            // Past the end of the demo agreement (150 days from the demo's load): a fresh token
            // is issued, and the agreement has expired.
            offset.move(to: 151 * 86_400)
            let later = try await ExchangeTests.accessToken(node)
            try await ExchangeTests.call(node, records, token: later).expectProblem(.forbidden, "agreement.expired")
            let refusal = try #require(try await node.logEvents().last { $0.kind == "exchange.refused" })
            #expect(refusal.at > Date().addingTimeInterval(150 * 86_400))
            #expect(refusal.details["code"] == "agreement.expired")
        }
    }
}

@Suite("Exchange call durations")
struct ExchangeCallDurationTests {
    @Test func durationsAreMillisecondsWithThreeDecimals() {
        #expect(ExchangeCall.milliseconds(.microseconds(12_345)) == "12.345")
        #expect(ExchangeCall.milliseconds(.milliseconds(3)) == "3.000")
        #expect(ExchangeCall.milliseconds(.microseconds(5)) == "0.005")
        #expect(ExchangeCall.milliseconds(.seconds(2) + .microseconds(70)) == "2000.070")
    }
}
