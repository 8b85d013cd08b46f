import Crypto
import Foundation

/// The short secrets of contact tracing, and how they are written and stored.
///
/// - A **verification code** (six digits) goes by SMS to the phone number a device registers
///   with; it proves the person holds that number.
/// - An **upload code** (six letters and digits, as OpenTrace's) is what a contact tracer reads
///   out to a confirmed case; the phone exchanges it once for an upload token.
///
/// Both are stored only as SHA-256 hashes, live minutes, are refused after a few wrong tries,
/// and are compared after normalising what a person typed (spaces, dashes, lower case).
public enum TracingCodes {
    /// Letters and digits that cannot be misread for each other (no 0/O, 1/I/L).
    static let uploadAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func newUploadCode() -> String {
        String((0..<6).map { _ in uploadAlphabet[Int.random(in: 0..<uploadAlphabet.count)] })
    }

    public static func newVerificationCode() -> String {
        String(format: "%06d", Int.random(in: 0..<1_000_000))
    }

    /// What a person typed, as it was issued: upper case, without spaces or dashes.
    public static func normalise(_ typed: String) -> String {
        typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
    }

    /// The stored form of a code (or of a bearer credential of high entropy).
    public static func hash(_ code: String) -> String {
        Hex.string(SHA256.hash(data: Data(normalise(code).utf8)))
    }

    /// A credential of 256 random bits with a prefix that says what it is (`dev_`, `upl_`).
    public static func newCredential(prefix: String) -> String {
        prefix + Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A phone number in E.164 form (`+` and 8 to 15 digits), from what a person typed with
    /// spaces, dashes, dots or brackets; nil when it is not one.
    public static func phoneNumber(_ typed: String) -> String? {
        let kept = typed.filter { !" -.()".contains($0) }
        guard kept.hasPrefix("+") else { return nil }
        let digits = kept.dropFirst()
        guard (8...15).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.first != "0" else { return nil }
        return kept
    }
}
