import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Wrong passwords and wrong client secrets are answered 401 four times, then 429 with
/// `Retry-After`: for a username whether it exists or not, for a client id, and for an address
/// trying many names. The lock is in the public log, with the name opaque.
@Suite("Throttled sign-in and token requests")
struct SignInThrottleAPITests {
    static func login(_ node: TestNode, _ username: String, _ password: String, from address: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let address { headers[.xForwardedFor] = address }
        return try await node.request(.post, "/api/v1/session", json: #"{"username":"\#(username)","password":"\#(password)"}"#, headers: headers)
    }

    @Test(arguments: Database.Engine.allCases) func wrongPasswordsLockTheUsername(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let right = try #require(try node.demoPassword("hm.steward"))
            for name in ["hm.steward", "no.such.user"] {
                for attempt in 1...5 {
                    try await Self.login(node, name, "wrong password \(attempt)").expectProblem(.unauthorized, "auth.invalid")
                }
                let locked = try await Self.login(node, name, "wrong password 6")
                try locked.expectProblem(.tooManyRequests, "auth.throttled")
                // The lock runs 30 seconds from the fifth failure; a slow machine may take a
                // second or two to get here, so only the bounds are certain.
                let retryAfter = Int(locked.headers[.retryAfter] ?? "") ?? 0
                #expect((1...30).contains(retryAfter), "Retry-After: \(retryAfter)")
                // Locked means locked: the right password waits too. Asked at once, while the
                // 30 seconds certainly run (a loaded machine can take that long for the next name).
                if name == "hm.steward" {
                    try await Self.login(node, name, right).expectProblem(.tooManyRequests, "auth.throttled")
                }
            }
            // Another user is not affected.
            #expect(try await Self.login(node, "hm.dpo", try #require(try node.demoPassword("hm.dpo"))).status == .created)

            // The lock is logged, once, without the username.
            let locks = try await node.logEntryTexts().filter { $0.contains(#""kind":"auth.locked""#) }
            #expect(locks.count == 2, "\(locks)")
            #expect(!locks.contains { $0.contains("hm.steward") || $0.contains("no.such.user") })
        }
    }

    @Test func wrongSecretsLockTheClientAndManyNamesLockTheAddress() async throws {
        var configuration = try await TestNode.configuration(demo: true)
        configuration.trustForwardedFor = true
        try await TestNode.with(configuration: configuration) { node in
            for attempt in 1...5 {
                let refused = try await ExchangeTests.form(node, "grant_type=client_credentials&client_id=social-services%2Fshielding-portal&client_secret=wrong\(attempt)")
                #expect(refused.status == .unauthorized)
            }
            let secret = try ExchangeTests.clientSecret(node, "social-services/shielding-portal")
            let locked = try await ExchangeTests.form(node, "grant_type=client_credentials&client_id=social-services%2Fshielding-portal&client_secret=\(secret)")
            try locked.expectProblem(.tooManyRequests, "auth.throttled")

            // Twenty failures from one address, each for another name, lock the address.
            for number in 1...20 {
                let status = try await Self.login(node, "guess.\(number)", "wrong password", from: "203.0.113.9").status
                #expect(status == .unauthorized)
            }
            try await Self.login(node, "guess.21", "wrong password", from: "203.0.113.9").expectProblem(.tooManyRequests, "auth.throttled")
            // Another address is not affected (the node trusts its balancer's X-Forwarded-For).
            #expect(try await Self.login(node, "hm.dpo", try #require(try node.demoPassword("hm.dpo")), from: "203.0.113.10").status == .created)
        }
    }
}
