import Crypto
import Foundation

/// A BlueTrace TempID: the rotating identifier a phone broadcasts, which only the health
/// authority can link back to the phone's user id.
///
/// The wire form is byte-compatible with OpenTrace's cloud functions, so an OpenTrace app and
/// its uploads work unchanged:
///
/// - plaintext (29 bytes): the user id's 21 bytes (the id is written as 28 base64
///   characters), then the start and the expiry of the validity window as big-endian signed
///   32-bit Unix seconds;
/// - sealed with AES-256-GCM under the authority's TempID key, with a random 16-byte IV and a
///   16-byte tag;
/// - laid out as ciphertext ‖ IV ‖ tag (61 bytes) and written in base64 (84 characters).
///
/// Invariant: a decoded TempID was sealed under the key it was opened with; anything else
/// (a forged, altered or truncated TempID, or one sealed under another key) is a ``Failure``.
/// A value type without I/O.
public struct TempID: Sendable, Hashable {
    /// The user id, 28 base64 characters (21 bytes).
    public var uid: String
    /// When the TempID starts and stops being valid, in Unix seconds.
    public var start: Int32
    public var expiry: Int32

    public static let uidBytes = 21
    public static let ivBytes = 16
    public static let tagBytes = 16
    static let plaintextBytes = uidBytes + 8
    /// The sealed form's length in bytes, before base64.
    public static let wireBytes = plaintextBytes + ivBytes + tagBytes

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notBase64
        case wrongLength(Int)
        /// The tag did not verify: forged, altered, or sealed under another key.
        case notSealedUnderThisKey
        case malformedUID
        case malformedKey

        public var description: String {
            switch self {
            case .notBase64: "a TempID is written in base64"
            case .wrongLength(let count): "a TempID is \(TempID.wireBytes) bytes (84 base64 characters), not \(count)"
            case .notSealedUnderThisKey: "the TempID does not open under this key: it is forged, altered, or sealed under another key"
            case .malformedUID: "a user id is 28 base64 characters (21 bytes)"
            case .malformedKey: "a TempID key is 32 bytes (64 hex digits)"
            }
        }
    }

    public init(uid: String, start: Int32, expiry: Int32) {
        self.uid = uid
        self.start = start
        self.expiry = expiry
    }

    /// Whether the TempID was valid at `time` (Unix seconds): from its start, before its expiry.
    public func isValid(at time: Int64) -> Bool {
        Int64(start) <= time && time < Int64(expiry)
    }

    /// The TempID's base64 wire form. `iv` is random unless given (for test vectors).
    public func sealed(with key: SymmetricKey, iv: Data? = nil) throws(Failure) -> String {
        guard key.bitCount == 256 else { throw .malformedKey }
        guard uid.count == 28, let uidBytes = Data(base64Encoded: uid), uidBytes.count == Self.uidBytes else { throw .malformedUID }
        return try sealed(uidBytes: uidBytes, with: key, iv: iv)
    }

    /// The same with the user id already decoded (a batch decodes it once for 100 TempIDs).
    func sealed(uidBytes: Data, with key: SymmetricKey, iv: Data?) throws(Failure) -> String {
        var plaintext = uidBytes
        Self.appendBigEndian(start, to: &plaintext)
        Self.appendBigEndian(expiry, to: &plaintext)
        let nonceBytes = iv ?? SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        guard nonceBytes.count == Self.ivBytes, let nonce = try? AES.GCM.Nonce(data: nonceBytes),
              let box = try? AES.GCM.seal(plaintext, using: key, nonce: nonce) else {
            throw .malformedKey
        }
        return (box.ciphertext + nonceBytes + box.tag).base64EncodedString()
    }

    /// Opens a TempID's wire form with `key`.
    public static func open(_ text: String, with key: SymmetricKey) throws(Failure) -> TempID {
        guard key.bitCount == 256 else { throw .malformedKey }
        guard let wire = Data(base64Encoded: text) else { throw .notBase64 }
        guard wire.count == wireBytes else { throw .wrongLength(wire.count) }
        let bytes = [UInt8](wire)
        let ciphertext = Data(bytes[0..<plaintextBytes])
        let iv = Data(bytes[plaintextBytes..<(plaintextBytes + ivBytes)])
        let tag = Data(bytes[(plaintextBytes + ivBytes)...])
        guard let nonce = try? AES.GCM.Nonce(data: iv),
              let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag),
              let plaintext = try? AES.GCM.open(box, using: key) else {
            throw .notSealedUnderThisKey
        }
        let plain = [UInt8](plaintext)
        return TempID(uid: Data(plain[0..<uidBytes]).base64EncodedString(),
                      start: bigEndian(plain[uidBytes..<(uidBytes + 4)]),
                      expiry: bigEndian(plain[(uidBytes + 4)..<(uidBytes + 8)]))
    }

    /// Whether `uid` has the form a TempID can carry.
    public static func isWellFormed(uid: String) -> Bool {
        uid.count == 28 && Data(base64Encoded: uid)?.count == uidBytes
    }

    /// A new random user id: 28 letters and digits, as Firebase's ids are, so that it is also a
    /// valid base64 text of 21 bytes.
    public static func randomUID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<28).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    static func appendBigEndian(_ value: Int32, to data: inout Data) {
        withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
    }

    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int32 {
        bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }.bitPattern
    }
}

private extension UInt32 {
    var bitPattern: Int32 { Int32(bitPattern: self) }
}
