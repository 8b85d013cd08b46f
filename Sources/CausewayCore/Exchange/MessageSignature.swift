import Crypto
import Foundation

/// The gateway's signature on a forwarded request, as RFC 9421 (HTTP Message Signatures)
/// defines it with Ed25519: the provider checks it with the node's public key (published in
/// the JWKS under `keyid`) and so knows the call passed the gateway, for whom and why.
///
/// Covered: `@method`, `@path`, `causeway-client`, `causeway-purpose`, `causeway-agreement`,
/// with `created` (seconds since 1970), `keyid` and `alg="ed25519"` as parameters.
public struct MessageSignature: Sendable, Hashable {
    public static let label = "causeway"
    public static let components = ["@method", "@path", "causeway-client", "causeway-purpose", "causeway-agreement"]

    public var method: String
    /// The target path as sent upstream (percent-encoded, without the query).
    public var path: String
    public var client: String
    public var purpose: String
    public var agreement: String
    public var created: Int
    public var keyID: String

    public init(method: String, path: String, client: String, purpose: String, agreement: String, created: Int, keyID: String) {
        self.method = method
        self.path = path
        self.client = client
        self.purpose = purpose
        self.agreement = agreement
        self.created = created
        self.keyID = keyID
    }

    /// The `Signature-Input` member value (RFC 9421 §4.1), without the label.
    public var parameters: String {
        "(" + Self.components.map { "\"\($0)\"" }.joined(separator: " ") + ");created=\(created);keyid=\"\(keyID)\";alg=\"ed25519\""
    }

    /// The signature base (RFC 9421 §2.5): one line per component, then `@signature-params`.
    public var base: String {
        let values = [method.uppercased(), path, client, purpose, agreement]
        let lines = zip(Self.components, values).map { "\"\($0)\": \($1)" }
        return (lines + ["\"@signature-params\": \(parameters)"]).joined(separator: "\n")
    }

    /// The two headers to add: `Signature-Input` and `Signature`.
    public func headers(signingWith key: Curve25519.Signing.PrivateKey) throws -> (input: String, signature: String) {
        let signature = try key.signature(for: Data(base.utf8))
        return ("\(Self.label)=\(parameters)", "\(Self.label)=:\(signature.base64EncodedString()):")
    }
}
