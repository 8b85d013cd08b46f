import CausewayCore
import Crypto
import Foundation
import Testing

/// The webhook rules that need no network: Standard Webhooks signatures (against the
/// specification's own example), the retry schedule and its three-day horizon, and which
/// addresses a webhook may never reach.
@Suite("Webhook rules")
struct WebhookRulesTests {
    // The example in the Standard Webhooks specification's reference libraries.
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let messageID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp = 1_614_265_330
    static let payload = Array(#"{"test": 2432232314}"#.utf8)

    @Test func hmacSignaturesMatchTheSpecificationsExample() throws {
        let key = try #require(WebhookSignature.key(ofSecret: Self.secret))
        let header = try WebhookSignature.header(id: Self.messageID, timestamp: Self.timestamp, body: Self.payload, secret: key, signingKey: nil)
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let then = Date(timeIntervalSince1970: TimeInterval(Self.timestamp))
        try WebhookSignature.verify(id: Self.messageID, timestamp: Self.timestamp, body: Self.payload, header: "v1,bogus= " + header,
                                    secret: key, publicKey: nil, now: then)
        #expect(throws: WebhookSignature.Failure.timestampOutOfTolerance) {
            try WebhookSignature.verify(id: Self.messageID, timestamp: Self.timestamp, body: Self.payload, header: header,
                                        secret: key, publicKey: nil, now: then.addingTimeInterval(301))
        }
        #expect(throws: WebhookSignature.Failure.noMatchingSignature) {
            try WebhookSignature.verify(id: "msg_other", timestamp: Self.timestamp, body: Self.payload, header: header,
                                        secret: key, publicKey: nil, now: then)
        }
        #expect(WebhookSignature.key(ofSecret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil)
        #expect(WebhookSignature.secret(key) == Self.secret)
    }

    @Test func ed25519SignaturesVerifyWithThePublicKeyAlone() throws {
        let signing = Curve25519.Signing.PrivateKey()
        let key = try #require(WebhookSignature.key(ofSecret: Self.secret))
        let header = try WebhookSignature.header(id: Self.messageID, timestamp: Self.timestamp, body: Self.payload, secret: key, signingKey: signing)
        let parts = header.split(separator: " ")
        #expect(parts.count == 2 && parts[1].hasPrefix("v1a,"))
        let then = Date(timeIntervalSince1970: TimeInterval(Self.timestamp))
        try WebhookSignature.verify(id: Self.messageID, timestamp: Self.timestamp, body: Self.payload, header: String(parts[1]),
                                    secret: nil, publicKey: signing.publicKey, now: then)
        #expect(throws: WebhookSignature.Failure.noMatchingSignature) {
            try WebhookSignature.verify(id: Self.messageID, timestamp: Self.timestamp, body: Self.payload, header: String(parts[1]),
                                        secret: nil, publicKey: Curve25519.Signing.PrivateKey().publicKey, now: then)
        }
        #expect(WebhookSignature.publicKey(signing.publicKey).hasPrefix("whpk_"))
    }

    @Test func retriesSpreadOutAndStopAfterThreeDays() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var subscription = WebhookSubscription(id: WebhookSubscription.newID(), registry: "addresses", agency: "land-authority",
                                               createdBy: "la.engineer", url: "https://example.org/hook", position: 7, created: start)
        var now = start
        var attempts = 0
        var waits: [TimeInterval] = []
        while subscription.state == .active {
            subscription = subscription.failed("HTTP 503", at: now)
            attempts += 1
            if subscription.state == .active {
                waits.append(subscription.nextAttempt.timeIntervalSince(now))
                now = subscription.nextAttempt
            }
        }
        #expect(waits.prefix(3) == [5, 30, 120])
        // The waits grow (the last one is cut short to land on the horizon).
        #expect(Array(waits.dropLast()) == waits.dropLast().sorted())
        // Tried for three days, no longer, and then paused with the reason.
        #expect(now.timeIntervalSince(start) >= 3 * 86_400)
        #expect(now.timeIntervalSince(start) < 3 * 86_400 + 28_800)
        #expect(attempts > 10)
        #expect(subscription.pauseReason?.contains("3 days") == true)
        #expect(subscription.position == 7)
        // Resumed, it starts again at once from where it stopped; an acknowledgement clears the failures.
        let resumed = subscription.resumed(at: now)
        #expect(resumed.state == .active && resumed.nextAttempt == now && resumed.failures == 0)
        let acknowledged = resumed.failed("HTTP 500", at: now).acknowledged(8)
        #expect(acknowledged.position == 8 && acknowledged.failures == 0 && acknowledged.failingSince == nil)
        #expect(WebhookSubscription.isWellFormed(subscription.id) && !WebhookSubscription.isWellFormed("sub_x"))
        #expect(subscription.messageID(sequence: 9) == subscription.id + "_9")
    }

    @Test(arguments: [
        ([127, 0, 0, 1], WebhookTarget.AddressKind.loopback), ([10, 0, 0, 8], .private), ([172, 20, 1, 1], .private),
        ([172, 32, 1, 1], .global), ([192, 168, 1, 1], .private), ([169, 254, 169, 254], .linkLocal), ([100, 64, 0, 1], .sharedAddressSpace),
        ([0, 0, 0, 0], .unspecified), ([224, 0, 0, 1], .multicast), ([255, 255, 255, 255], .reserved), ([192, 0, 2, 1], .reserved),
        ([8, 8, 8, 8], .global), ([93, 184, 216, 34], .global),
    ] as [([UInt8], WebhookTarget.AddressKind)])
    func ipv4Addresses(address: [UInt8], kind: WebhookTarget.AddressKind) {
        #expect(WebhookTarget.kind(of: address) == kind)
    }

    @Test func ipv6Addresses() {
        func v6(_ head: [UInt8], tail: [UInt8] = []) -> [UInt8] { head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail }
        #expect(WebhookTarget.kind(of: v6([], tail: [1])) == .loopback)
        #expect(WebhookTarget.kind(of: v6([])) == .unspecified)
        #expect(WebhookTarget.kind(of: v6([0xfe, 0x80])) == .linkLocal)
        #expect(WebhookTarget.kind(of: v6([0xfd, 0x12])) == .private)
        #expect(WebhookTarget.kind(of: v6([0xff, 0x02])) == .multicast)
        #expect(WebhookTarget.kind(of: v6([0x20, 0x01, 0x0d, 0xb8])) == .reserved)
        #expect(WebhookTarget.kind(of: v6([0x2a, 0x00, 0x14, 0x50])) == .global)
        // IPv4 inside IPv6 is judged as the IPv4 address it carries.
        #expect(WebhookTarget.kind(of: v6([], tail: [0xff, 0xff, 127, 0, 0, 1])) == .loopback)
        #expect(WebhookTarget.kind(of: v6([0x00, 0x64, 0xff, 0x9b], tail: [10, 0, 0, 1])) == .private)
        #expect(WebhookTarget.kind(of: [1, 2, 3]) == .reserved)
    }

    @Test func urlsMustBeHTTPWithAHostAndNoCredentials() throws {
        #expect(try WebhookTarget("https://hooks.example.org/causeway?x=1").port == 443)
        #expect(try WebhookTarget("http://[::1]:8080/hook").host == "::1")
        for bad in ["ftp://example.org/", "example.org/hook", "https://user:pw@example.org/", "https:///nohost", "https://example.org/#frag"] {
            #expect(throws: ValidationError.self) { try WebhookTarget(bad) }
        }
    }
}
