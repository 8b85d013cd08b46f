import CausewayCore
import CausewayStore
import Crypto
import Foundation
import JWTKit
import Logging
import ServiceLifecycle
import Synchronization

/// Gateway access tokens (RFC 6749 client credentials): short JWTs signed with the
/// deployment's Ed25519 key, verified locally on every call — no database read on the hot
/// path. Keys live in the database so every node signs and verifies alike; a rotation is
/// noticed within a second, and tokens signed with the previous key stay valid until they expire.
public final class AccessTokens: Service, Sendable {
    public static let lifetime: TimeInterval = 300
    /// The name the private keys are sealed under (see ``KeyVault``).
    static let sealingName = "signing-key"
    static let audience = "causeway-exchange"
    /// How long after retirement a key still verifies: a token's lifetime plus clock skew.
    static let grace: TimeInterval = lifetime + 60

    let keys: SigningKeyRepository
    let issuer: String
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Rung when another node rotates the signing key (see ``RevisionWatcher``).
    let changes = Doorbell()
    private let state = Mutex(State())
    /// Tokens already verified, with their expiry: a client reuses its token for minutes, and
    /// an Ed25519 verification costs more than the rest of the check. Keyed by the whole token,
    /// so a changed byte is a new entry; cleared when the keys change.
    private let verified = SharedCache<String, Verified>(capacity: 4 << 20)

    struct Verified: Sendable {
        var agency: String
        var system: String
        var secret: String?
        var expires: Date
    }

    struct State {
        var revision: Int64 = -1
        var collection = JWTKeyCollection()
        var signingKid: String?
        var publicKeys: [(kid: String, x: String)] = []
        var signingKey: Curve25519.Signing.PrivateKey?
    }

    /// Seals the private keys on their way into the database and opens them on the way out.
    let vault: KeyVault

    public init(keys: SigningKeyRepository, vault: KeyVault, issuer: String, logger: Logger,
                clock: @escaping @Sendable () -> Date) {
        self.clock = clock
        self.vault = vault
        self.keys = keys
        self.issuer = issuer
        self.logger = logger
    }

    /// Creates the first signing key if the deployment has none, then loads the keys.
    public func start() async throws {
        let now = clock()
        let key = Curve25519.Signing.PrivateKey()
        try await keys.install(kid: Self.kid(for: key), privateKey: vault.seal(key.rawRepresentation.base64EncodedString(), as: Self.sealingName),
                              at: now, onlyIfNone: true)
        try await refresh(force: true)
    }

    /// Retires the signing key and installs a new one (`causeway admin rotate-signing-key`).
    public func rotate() async throws -> String {
        let now = clock()
        let key = Curve25519.Signing.PrivateKey()
        let kid = Self.kid(for: key)
        try await keys.install(kid: kid, privateKey: vault.seal(key.rawRepresentation.base64EncodedString(), as: Self.sealingName),
                              at: now, onlyIfNone: false)
        try await refresh(force: true)
        return kid
    }

    /// Reloads the keys when their revision moved.
    public func refresh(force: Bool = false) async throws {
        let revision = try await keys.revision()
        guard force || revision != state.withLock({ $0.revision }) else { return }
        let live = try await keys.keys(retiredAfter: clock().addingTimeInterval(-Self.grace))
        let collection = JWTKeyCollection()
        var publicKeys: [(String, String)] = []
        var signingKey: Curve25519.Signing.PrivateKey?
        for key in live {
            guard let raw = Data(base64Encoded: try vault.open(key.privateKey, as: Self.sealingName)),
                  let signing = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
                logger.error("unreadable signing key", metadata: ["kid": "\(key.kid)"])
                continue
            }
            await collection.add(eddsa: EdDSA.PrivateKey(backing: signing), kid: JWKIdentifier(string: key.kid))
            publicKeys.append((key.kid, signing.publicKey.rawRepresentation.base64URLEncoded))
            if key.retiredAt == nil, signingKey == nil { signingKey = signing }
        }
        let signingKid = live.first { $0.retiredAt == nil }?.kid
        state.withLock {
            $0 = State(revision: revision, collection: collection, signingKid: signingKid, publicKeys: publicKeys, signingKey: signingKey)
        }
        // A key that no longer verifies must not keep its tokens alive through the cache.
        verified.removeAll()
    }

    /// A token for `agency/system`.
    func issue(for client: String, secret: String? = nil, now: Date? = nil) async throws -> String {
        let now = now ?? clock()
        let (collection, kid) = state.withLock { ($0.collection, $0.signingKid) }
        guard let kid else { throw Problem(.serviceUnavailable, code: "server.keys", title: "No signing key", detail: "The node has no signing key yet.") }
        let claims = TokenClaims(issuer: issuer, audience: Self.audience, subject: client, issuedAt: now, lifetime: Self.lifetime,
                                 id: UUID().uuidString, secret: secret)
        return try await collection.sign(claims, kid: JWKIdentifier(string: kid))
    }

    /// A token with another audience, signed with the current key: only tests need one, to
    /// show that the audience is checked and not just the signature.
    func sign(audience: String, subject: String) async throws -> String {
        let now = clock()
        let (collection, kid) = state.withLock { ($0.collection, $0.signingKid ?? "") }
        let claims = TokenClaims(issuer: issuer, audience: audience, subject: subject, issuedAt: now, lifetime: Self.lifetime)
        return try await collection.sign(claims, kid: JWKIdentifier(string: kid))
    }

    /// The `agency/system` a valid token was issued to. Only EdDSA tokens with a known key
    /// id, this deployment's issuer and the exchange audience pass.
    func verify(_ token: String) async throws -> (agency: String, system: String, secret: String?) {
        let now = clock()
        if let known = verified.value(for: token), known.expires > now { return (known.agency, known.system, known.secret) }
        let collection = state.withLock { $0.collection }
        let payload = try await TokenClaims.verify(token, with: collection, audience: Self.audience, issuer: issuer, now: now)
        let parts = payload.sub.value.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw JWTError.claimVerificationFailure(failedClaim: payload.sub, reason: "not agency/system") }
        verified.insert(Verified(agency: parts[0], system: parts[1], secret: payload.sid, expires: payload.exp.value),
                        for: token, cost: token.utf8.count + 64)
        return (parts[0], parts[1], payload.sid)
    }

    /// The current key and its id, which also sign forwarded requests (RFC 9421): a provider
    /// verifies them with the same published JWKS.
    var requestSigningKey: (kid: String, key: Curve25519.Signing.PrivateKey)? {
        state.withLock { state in state.signingKid.flatMap { kid in state.signingKey.map { (kid, $0) } } }
    }

    /// `GET /.well-known/jwks.json`: every key that may still verify a token.
    var jwks: JSONValue {
        let keys = state.withLock { $0.publicKeys }
        return .object(["keys": .array(keys.map { key in
            .object(["kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": .string(key.kid), "x": .string(key.x)])
        })])
    }

    /// The RFC 7638 thumbprint of the public key: a key id anyone can recompute.
    static func kid(for key: Curve25519.Signing.PrivateKey) -> String {
        let x = key.publicKey.rawRepresentation.base64URLEncoded
        let canonical = #"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#
        return Data(SHA256.hash(data: Data(canonical.utf8))).base64URLEncoded
    }

    public func run() async throws {
        await Polling.every(.seconds(1), doorbell: changes, logger: logger, failure: "signing key refresh failed") { try await refresh() }
    }
}
