import CausewayCore
@testable import CausewayServer
import CausewayStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// Webhooks on a registry's feed, delivered by the real node to a real receiver on a loopback
/// port: signed per Standard Webhooks, in order, retried, paused and resumed, never to a
/// private address unless the operator allows it.
@Suite("Registry webhooks")
struct WebhookTests {
    /// A receiver that records each delivery and answers with the status it is told to.
    final class Receiver: Sendable {
        struct Delivery: Sendable {
            var headers: HTTPFields
            var body: [UInt8]
            var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
            var sequence: UInt64? { json?["sequence"]?.stringValue.flatMap { UInt64($0) } }
            func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        }

        let deliveries = Mutex<[Delivery]>([])
        let answer = Mutex<HTTPResponse.Status>(.noContent)

        var received: [Delivery] { deliveries.withLock { $0 } }

        func application() -> some ApplicationProtocol {
            let router = Router()
            router.post("hook") { [self] request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let status = answer.withLock { $0 }
                if (200..<300).contains(status.code) {
                    deliveries.withLock { $0.append(Delivery(headers: request.headers, body: Array(buffer: body))) }
                }
                return Response(status: status)
            }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestNode.logger)
        }
    }

    /// A demo node that may deliver to loopback, a receiver, and `la.engineer`'s token.
    static func withReceiver(engine: Database.Engine, clock: (@Sendable () -> Date)? = nil,
                             _ body: @escaping @Sendable (TestNode, Receiver, String, String) async throws -> Void) async throws {
        let receiver = Receiver()
        try await receiver.application().test(.live) { receiverClient in
            var configuration = try await TestNode.configuration(demo: true, engine: engine)
            configuration.webhookAllowPrivateNetworks = true
            if let clock { configuration.clock = clock }
            try await TestNode.with(configuration: configuration) { node in
                let token = try await node.token("la.engineer")
                try await body(node, receiver, token, "http://127.0.0.1:\(try #require(receiverClient.port))/hook")
            }
        }
    }

    static func correct(_ node: TestNode, _ record: String, postcode: String, token: String) async throws {
        let written = try await node.request(.patch, "/api/v1/registries/addresses/records/\(record)", json: """
            {"record":{"postcode":"\(postcode)"},"reason":"Postcode corrected"}
            """, token: token)
        #expect(written.status == .ok, "\(written.text)")
    }

    @Test(arguments: Database.Engine.allCases) func deliveriesAreSignedAndInOrder(engine: Database.Engine) async throws {
        try await Self.withReceiver(engine: engine) { node, receiver, token, url in
            let created = try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"\#(url)"}"#, token: token)
            #expect(created.status == .created, "\(created.text)")
            let subscription = try created.json()
            let id = try #require(subscription["id"]?.stringValue)
            let start = UInt64(try #require(subscription["position"]?.intValue))
            let secret = try #require(subscription["signing"]?["secret"]?.stringValue)
            let publicKey = try #require(subscription["signing"]?["publicKey"]?.stringValue)
            #expect(secret.hasPrefix("whsec_") && publicKey.hasPrefix("whpk_"))

            for number in 1...12 {
                try await Self.correct(node, String(format: "LA-%07d", number), postcode: "MR\(number) 1AA", token: token)
            }
            #expect(try await eventually(within: .seconds(20)) { receiver.received.count >= 12 }, "\(receiver.received.count) delivered")
            let received = receiver.received
            #expect(received.compactMap(\.sequence) == Array(start + 1...start + 12))
            #expect(received.first?.json?["subject"]?.stringValue == "LA-0000001")
            #expect(received.first?.header("content-type")?.hasPrefix("application/cloudevents+json") == true)

            // Every delivery verifies under the secret (v1) and under the public key alone (v1a).
            let key = try #require(WebhookSignature.key(ofSecret: secret))
            let verifier = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64Encoded: String(publicKey.dropFirst(5)))))
            for delivery in received {
                let messageID = try #require(delivery.header("webhook-id"))
                let timestamp = try #require(delivery.header("webhook-timestamp").flatMap { Int($0) })
                let header = try #require(delivery.header("webhook-signature"))
                #expect(messageID == "\(id)_\(delivery.sequence ?? 0)")
                try WebhookSignature.verify(id: messageID, timestamp: timestamp, body: delivery.body, header: header, secret: key, publicKey: nil, now: Date())
                try WebhookSignature.verify(id: messageID, timestamp: timestamp, body: delivery.body, header: header, secret: nil, publicKey: verifier, now: Date())
                // A changed body fails both.
                #expect(throws: WebhookSignature.Failure.noMatchingSignature) {
                    try WebhookSignature.verify(id: messageID, timestamp: timestamp, body: delivery.body + [0x20], header: header,
                                                secret: key, publicKey: verifier, now: Date())
                }
            }

            // The subscription has come as far as the feed, and says so.
            #expect(try await eventually { try await node.request(.get, "/api/v1/registries/addresses/subscriptions/\(id)", token: token).json()["position"]?.intValue == Int(start + 12) })
            let listed = try await node.request(.get, "/api/v1/registries/addresses/subscriptions", token: token).json()["results"]?.arrayValue ?? []
            #expect(listed.map { $0["id"]?.stringValue } == [id])
            // Another agency's people do not see it; a stranger may not touch it.
            let other = try await node.token("hm.steward")
            #expect(try await node.request(.get, "/api/v1/registries/addresses/subscriptions", token: other).json()["results"]?.arrayValue?.isEmpty == true)
            try await node.request(.delete, "/api/v1/registries/addresses/subscriptions/\(id)", token: other).expectProblem(.notFound, "subscription.not-found")
            // A subscription from an earlier position gets the events after it.
            let replay = try await node.request(.post, "/api/v1/registries/addresses/subscriptions",
                                                json: #"{"url":"\#(url)","after":\#(start + 10)}"#, token: other)
            #expect(replay.status == .created, "\(replay.text)")
            #expect(try await eventually(within: .seconds(10)) { receiver.received.count >= 14 })
            #expect(receiver.received.dropFirst(12).compactMap(\.sequence) == [start + 11, start + 12])

            // Deleting stops the deliveries; both changes are in the log.
            #expect(try await node.request(.delete, "/api/v1/registries/addresses/subscriptions/\(id)", token: token).status == .noContent)
            let kinds = try await node.logEvents().map(\.kind)
            #expect(kinds.filter { $0 == WebhookSubscriptions.createdEvent }.count == 2)
            #expect(kinds.contains(WebhookSubscriptions.deletedEvent))
        }
    }

    @Test(arguments: Database.Engine.allCases) func aFailingReceiverIsRetriedPausedAndResumed(engine: Database.Engine) async throws {
        let offset = Mutex<TimeInterval>(0)
        try await Self.withReceiver(engine: engine, clock: { Date().addingTimeInterval(offset.withLock { $0 }) }) { node, receiver, token, url in
            receiver.answer.withLock { $0 = .serviceUnavailable }
            let subscription = try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"\#(url)"}"#, token: token).json()
            let id = try #require(subscription["id"]?.stringValue)
            let path = "/api/v1/registries/addresses/subscriptions/\(id)"
            try await Self.correct(node, "LA-0000001", postcode: "MR1 2AA", token: token)
            try await Self.correct(node, "LA-0000002", postcode: "MR1 2AB", token: token)
            #expect(try await eventually(within: .seconds(10)) { try await node.request(.get, path, token: token).json()["failures"]?.intValue == 1 })
            let failing = try await node.request(.get, path, token: token).json()
            #expect(failing["lastError"]?.stringValue == "HTTP 503")
            #expect(failing["nextAttempt"]?.stringValue != nil && failing["state"]?.stringValue == "active")
            // Resuming a failing subscription retries it at once instead of after its back-off.
            let retried = try await node.request(.post, path + "/resume", token: token).json()
            #expect(retried["failures"]?.intValue == 0 && retried["state"]?.stringValue == "active")
            #expect(try await eventually(within: .seconds(10)) { try await node.request(.get, path, token: token).json()["failures"]?.intValue == 1 })

            // Two days on it is tried again; four days on it has failed for longer than three and
            // is paused. (Sessions end with the shifted clock too: sign in again each time.)
            offset.withLock { $0 += 2 * 86_400 }
            let later = try await node.token("la.engineer")
            #expect(try await eventually(within: .seconds(10)) { try await node.request(.get, path, token: later).json()["failures"]?.intValue == 2 })
            offset.withLock { $0 += 2 * 86_400 }
            let token = try await node.token("la.engineer")
            #expect(try await eventually(within: .seconds(10)) { try await node.request(.get, path, token: token).json()["state"]?.stringValue == "paused" })
            let paused = try await node.request(.get, path, token: token).json()
            #expect(paused["pauseReason"]?.stringValue?.contains("3 days") == true, "\(paused)")
            #expect(try await node.logEvents().contains { $0.kind == WebhookDeliverer.pausedEvent && $0.subject.hasSuffix(id) })

            // Resumed, it delivers what it missed, in order.
            receiver.answer.withLock { $0 = .ok }
            let resumed = try await node.request(.post, path + "/resume", token: token)
            #expect(resumed.status == .ok)
            #expect(try resumed.json()["state"]?.stringValue == "active")
            #expect(try await eventually(within: .seconds(10)) { receiver.received.count == 2 })
            #expect(receiver.received.map { $0.json?["subject"]?.stringValue } == ["LA-0000001", "LA-0000002"])
        }
    }

    @Test func privateAddressesAndBadURLsAreRefused() async throws {
        try await TestNode.with { node in
            let token = try await node.token("la.engineer")
            for url in ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest"] {
                try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"\#(url)"}"#, token: token)
                    .expectProblem(.unprocessableContent, "webhook.address-refused")
            }
            for url in ["ftp://example.org/hook", "not a url", "https://user:pass@example.org/hook"] {
                let refused = try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"\#(url)"}"#, token: token)
                try refused.expectProblem(.unprocessableContent, "request.invalid")
                #expect(refused.text.contains("/url"))
            }
            // Anonymous callers cannot subscribe; a feed position in the future is refused.
            #expect(try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"https://example.org/"}"#).status == .unauthorized)
            try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"https://example.org/","after":99999999}"#, token: token)
                .expectProblem(.badRequest, "feed.future")
            try await node.request(.get, "/api/v1/registries/addresses/subscriptions/sub_nope", token: token).expectProblem(.notFound, "subscription.not-found")
        }
    }
}
