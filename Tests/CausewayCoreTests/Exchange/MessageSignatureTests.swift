@testable import CausewayCore
import Crypto
import Foundation
import Testing

/// The signature base of a request with a query and a body, written out by hand from RFC 9421
/// §2.5 and §2.2.7, and the body's digest checked against one computed with Python's hashlib.
@Suite("Gateway request signature")
struct MessageSignatureTests {
    @Test func theBaseCoversQueryAndBodyDigest() throws {
        let body = Data(#"{"hello": "world"}"#.utf8)
        let digest = MessageSignature.contentDigest(of: body)
        #expect(digest == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")
        let signature = MessageSignature(method: "post", path: "/v1/cases", query: "district=north&full=1", client: "a/s", purpose: "p",
                                         agreement: "agr-1", contentDigest: digest, created: 1_800_000_000, nonce: "n0nce", keyID: "k1")
        #expect(signature.base == """
            "@method": POST
            "@path": /v1/cases
            "@query": ?district=north&full=1
            "causeway-client": a/s
            "causeway-purpose": p
            "causeway-agreement": agr-1
            "content-digest": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:
            "@signature-params": ("@method" "@path" "@query" "causeway-client" "causeway-purpose" "causeway-agreement" "content-digest");\
            created=1800000000;nonce="n0nce";keyid="k1";alg="ed25519"
            """)
        let key = Curve25519.Signing.PrivateKey()
        let (_, header) = try signature.headers(signingWith: key)
        let raw = try #require(Data(base64Encoded: String(header.dropFirst("causeway=:".count).dropLast())))
        #expect(key.publicKey.isValidSignature(raw, for: Data(signature.base.utf8)))
        var changed = signature
        changed.query = "district=south&full=1"
        #expect(!key.publicKey.isValidSignature(raw, for: Data(changed.base.utf8)), "another query does not verify")
        #expect(MessageSignature.newNonce() != MessageSignature.newNonce())
    }
}
