import Crypto
import Foundation

/// Mints client secrets: 32 random bytes, base64url, and their SHA-256 hash in hex.
enum ClientSecretFactory {
    static func make() -> (id: String, secret: String, hash: String) {
        let secret = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64URLEncoded
        return (UUID().uuidString.lowercased(), secret, hash(secret))
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Data {
    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
