import CausewayCore
import Crypto
import Foundation

/// Mints client secrets: 32 random bytes, base64url, and their SHA-256 hash in hex.
enum ClientSecretFactory {
    static func make() -> (id: String, secret: String, hash: String) {
        let secret = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64URLEncoded
        return (UUID().uuidString.lowercased(), secret, hash(secret))
    }

    static func hash(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }
}
