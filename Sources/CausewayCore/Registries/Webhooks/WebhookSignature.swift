import Crypto
import Foundation

/// Signs and verifies webhook deliveries per the Standard Webhooks specification, so that a
/// receiver can use any of its libraries: the signed content is `{webhook-id}.{webhook-timestamp}.{body}`,
/// and `webhook-signature` carries space-separated `version,base64` pairs.
///
/// Two versions are sent together: `v1` (HMAC-SHA256 under the subscription's `whsec_`
/// secret, which the receiver must keep) and `v1a` (Ed25519 under the node's key, whose
/// public half `whpk_…` anyone may hold: a receiver that checks `v1a` has no secret to leak).
/// Pure values; thread-safe.
public struct WebhookSignature: Sendable {
    public static let secretPrefix = "whsec_"
    public static let publicKeyPrefix = "whpk_"

    /// The receivers' default tolerance for a delivery's timestamp, either way (replays).
    public static let tolerance: TimeInterval = 5 * 60

    public static func content(id: String, timestamp: Int, body: some Collection<UInt8>) -> [UInt8] {
        Array("\(id).\(timestamp).".utf8) + Array(body)
    }

    /// A secret's key bytes (the base64 after `whsec_`); nil for text that is not one.
    public static func key(ofSecret secret: String) -> SymmetricKey? {
        guard secret.hasPrefix(secretPrefix), let bytes = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count))),
              bytes.count >= 24 else { return nil }
        return SymmetricKey(data: bytes)
    }

    /// A secret written as receivers expect it.
    public static func secret(_ key: SymmetricKey) -> String {
        secretPrefix + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public static func publicKey(_ key: Curve25519.Signing.PublicKey) -> String {
        publicKeyPrefix + key.rawRepresentation.base64EncodedString()
    }

    /// The `webhook-signature` header's value: `v1,…` and, with a signing key, `v1a,…`.
    public static func header(id: String, timestamp: Int, body: some Collection<UInt8>, secret: SymmetricKey,
                              signingKey: Curve25519.Signing.PrivateKey?) throws -> String {
        let content = content(id: id, timestamp: timestamp, body: body)
        var signatures = ["v1," + Data(HMAC<SHA256>.authenticationCode(for: content, using: secret)).base64EncodedString()]
        if let signingKey {
            signatures.append("v1a," + (try signingKey.signature(for: content)).base64EncodedString())
        }
        return signatures.joined(separator: " ")
    }

    public enum Failure: Error, Equatable {
        case noMatchingSignature, timestampOutOfTolerance
    }

    /// Checks a delivery as a receiver would: the timestamp within ``tolerance`` of `now`,
    /// and one of the header's signatures valid under `secret` (v1) or `publicKey` (v1a).
    public static func verify(id: String, timestamp: Int, body: some Collection<UInt8>, header: String,
                              secret: SymmetricKey?, publicKey: Curve25519.Signing.PublicKey?, now: Date) throws(Failure) {
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { throw .timestampOutOfTolerance }
        let content = content(id: id, timestamp: timestamp, body: body)
        for pair in header.split(separator: " ") {
            let parts = pair.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, let signature = Data(base64Encoded: String(parts[1])) else { continue }
            switch parts[0] {
            case "v1":
                if let secret, HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: content, using: secret) { return }
            case "v1a":
                if let publicKey, publicKey.isValidSignature(signature, for: content) { return }
            default:
                continue
            }
        }
        throw .noMatchingSignature
    }
}
