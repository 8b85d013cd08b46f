import CausewayCore
import CausewayStore
import Crypto
import Foundation

/// The deployment's webhook keys, shared by every node through the database and sealed under
/// the master key like the others: an Ed25519 key that signs every delivery (`v1a`; its public
/// half is published with each subscription), and a root key from which each subscription's
/// `whsec_` secret is derived (`v1`).
///
/// Deriving the secrets (HMAC of the subscription's id under the root) means no per-subscription
/// secret is stored at all: rotating the master key re-seals two values, and a database copy
/// without the master key yields no secret. Immutable after loading; thread-safe.
struct WebhookKeys: Sendable {
    static let signingKeyName = "webhook-signing-key"
    static let secretRootName = "webhook-secret-root"

    let signingKey: Curve25519.Signing.PrivateKey
    private let root: SymmetricKey

    init(signingKey: Curve25519.Signing.PrivateKey, root: SymmetricKey) {
        self.signingKey = signingKey
        self.root = root
    }

    /// Loads the keys, creating them on a deployment's first start.
    static func load(vault: KeyVault, keys: NodeKeyRepository) async throws -> WebhookKeys {
        let signing = try await vault.value(named: signingKeyName, in: keys) {
            Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
        }
        let root = try await vault.value(named: secretRootName, in: keys) {
            SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        }
        guard let signingBytes = Data(base64Encoded: signing), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: signingBytes),
              let rootBytes = Data(base64Encoded: root) else {
            throw KeyCustodyError.corrupt(name: signingKeyName)
        }
        return WebhookKeys(signingKey: key, root: SymmetricKey(data: rootBytes))
    }

    /// The subscription's HMAC key: the same on every node and every restart.
    func secret(for subscription: String) -> SymmetricKey {
        SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data("causeway webhook secret v1|\(subscription)".utf8), using: root)))
    }

    /// The `whpk_…` text receivers verify `v1a` signatures with.
    var publicKey: String { WebhookSignature.publicKey(signingKey.publicKey) }
}
