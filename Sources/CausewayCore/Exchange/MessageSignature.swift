import Crypto
import Foundation

/// The gateway's signature on a forwarded request, as RFC 9421 (HTTP Message Signatures)
/// defines it with Ed25519: the provider checks it with the node's public key (published in
/// the JWKS under `keyid`) and so knows the call passed the gateway, for whom, why, and with
/// exactly which query and body.
///
/// Covered: `@method`, `@path`, `@query`, `causeway-client`, `causeway-purpose`,
/// `causeway-agreement`, and `content-digest` when the request has a body (RFC 9530,
/// `sha-256`); parameters `created` (seconds since 1970), `nonce` (random, so a provider can
/// refuse a replay), `keyid` and `alg="ed25519"`.
public struct MessageSignature: Sendable, Hashable {
    public static let label = "causeway"

    public var method: String
    /// The target path as sent upstream (percent-encoded, without the query).
    public var path: String
    /// The query as sent upstream, without the `?` (empty for none).
    public var query: String
    public var client: String
    public var purpose: String
    public var agreement: String
    /// The `Content-Digest` field value sent with the body, or nil for a request without one.
    public var contentDigest: String?
    public var created: Int
    public var nonce: String
    public var keyID: String

    public init(method: String, path: String, query: String, client: String, purpose: String, agreement: String,
                contentDigest: String?, created: Int, nonce: String = MessageSignature.newNonce(), keyID: String) {
        self.method = method
        self.path = path
        self.query = query
        self.client = client
        self.purpose = purpose
        self.agreement = agreement
        self.contentDigest = contentDigest
        self.created = created
        self.nonce = nonce
        self.keyID = keyID
    }

    /// 128 random bits, base64url: unique per signature.
    public static func newNonce() -> String {
        let bytes = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        return bytes.base64URLEncoded
    }

    /// The `Content-Digest` field value of `body` (RFC 9530): `sha-256=:<base64>:`.
    public static func contentDigest(of body: some DataProtocol) -> String {
        "sha-256=:" + Data(SHA256.hash(data: body)).base64EncodedString() + ":"
    }

    /// The covered components, in order.
    public var components: [String] {
        ["@method", "@path", "@query", "causeway-client", "causeway-purpose", "causeway-agreement"]
            + (contentDigest == nil ? [] : ["content-digest"])
    }

    /// The `Signature-Input` member value (RFC 9421 §4.1), without the label.
    public var parameters: String {
        "(" + components.map { "\"\($0)\"" }.joined(separator: " ") + ");created=\(created);nonce=\"\(nonce)\";keyid=\"\(keyID)\";alg=\"ed25519\""
    }

    /// The signature base (RFC 9421 §2.5): one line per component, then `@signature-params`.
    /// `@query` is the query with its leading `?`, and `?` alone for none (§2.2.7).
    public var base: String {
        let values = [method.uppercased(), path, "?" + query, client, purpose, agreement] + (contentDigest.map { [$0] } ?? [])
        let lines = zip(components, values).map { "\"\($0)\": \($1)" }
        return (lines + ["\"@signature-params\": \(parameters)"]).joined(separator: "\n")
    }

    /// The two headers to add: `Signature-Input` and `Signature`.
    public func headers(signingWith key: Curve25519.Signing.PrivateKey) throws -> (input: String, signature: String) {
        let signature = try key.signature(for: Data(base.utf8))
        return ("\(Self.label)=\(parameters)", "\(Self.label)=:\(signature.base64EncodedString()):")
    }
}
