import Crypto
import Foundation

/// Encodes records into CLKs exactly as clkhash 0.18 does, bit for bit: two keys per feature
/// from HKDF over the shared secret, each feature's tokens hashed into one Bloom filter
/// (`doubleHash`, Schnell's HMAC-SHA1/HMAC-MD5 construction, or `blakeHash`, keyed BLAKE2b),
/// then XOR-folded. A party that encodes with clkhash and one that encodes with Causeway can
/// be linked together.
///
/// Immutable after `init` (the keys are derived once) and `Sendable`: encode records from as
/// many tasks as there are cores.
public struct CLKEncoder: Sendable {
    public let schema: LinkageSchema
    /// Two keys per feature, ignored ones included (as clkhash derives them).
    let keys: [(first: [UInt8], second: [UInt8])]
    let hashBits: Int

    public init(schema: LinkageSchema, secret: [UInt8]) throws(ValidationError) {
        try schema.validate()
        self.schema = schema
        hashBits = schema.clkConfig.l << (schema.clkConfig.xor_folds ?? 0)
        let kdf = schema.clkConfig.kdf
        let size = kdf.keySize ?? 64
        let count = 2 * schema.features.count
        let salt = kdf.salt.flatMap { Data(base64Encoded: $0) } ?? Data()
        let info = kdf.info.flatMap { Data(base64Encoded: $0) } ?? Data()
        let limit = (kdf.hash ?? "SHA256") == "SHA512" ? 255 * 64 : 255 * 32
        guard count * size <= limit else {
            throw ValidationError([FieldError("/features", "HKDF cannot derive \(count) keys of \(size) bytes; use fewer features or SHA512")])
        }
        let material = SymmetricKey(data: secret)
        let derived: SymmetricKey = (kdf.hash ?? "SHA256") == "SHA512"
            ? HKDF<SHA512>.deriveKey(inputKeyMaterial: material, salt: salt, info: info, outputByteCount: count * size)
            : HKDF<SHA256>.deriveKey(inputKeyMaterial: material, salt: salt, info: info, outputByteCount: count * size)
        let bytes = derived.withUnsafeBytes { [UInt8]($0) }
        keys = (0..<schema.features.count).map { feature in
            let first = 2 * feature * size
            return (Array(bytes[first..<first + size]), Array(bytes[first + size..<first + 2 * size]))
        }
    }

    /// Checks a file's header against the schema's features, in order, as clkhash does.
    public func checkHeader(_ names: [String]) throws(LinkageTokens.InvalidValue) {
        let expected = schema.features.map(\.identifier)
        guard names == expected else {
            throw LinkageTokens.InvalidValue(feature: "header", reason: "the columns are \(names.joined(separator: ", ")); the schema expects \(expected.joined(separator: ", "))")
        }
    }

    /// The CLK of one record (one value per feature, in the schema's order): `l / 8` bytes,
    /// the first bit in the high bit of the first byte, as clkhash serialises it.
    public func encode(_ record: [String]) throws(LinkageTokens.InvalidValue) -> [UInt8] {
        guard record.count == schema.features.count else {
            throw LinkageTokens.InvalidValue(feature: "record", reason: "has \(record.count) values; the schema has \(schema.features.count) features")
        }
        var bits = [UInt8](repeating: 0, count: hashBits / 8)
        for (index, feature) in schema.features.enumerated() {
            guard let hashing = feature.hashing, feature.ignored != true else { continue }
            let tokens = try LinkageTokens.tokens(record[index], feature: feature)
            guard !tokens.isEmpty else { continue }
            let counts = Self.bitsPerToken(hashing.strategy, tokens: tokens.count)
            let key = keys[index]
            for (token, k) in zip(tokens, counts) {
                let message = Array(token.utf8)
                switch hashing.hash?.type ?? "blakeHash" {
                case "doubleHash":
                    for position in Self.doubleHash(message, k: k, l: hashBits, keys: key, nonSingular: hashing.hash?.prevent_singularity == true) {
                        bits[position >> 3] |= 0x80 >> UInt8(position & 7)
                    }
                default:
                    for position in Self.blakeHash(message, k: k, l: hashBits, key: key.first) {
                        bits[position >> 3] |= 0x80 >> UInt8(position & 7)
                    }
                }
            }
        }
        for _ in 0..<(schema.clkConfig.xor_folds ?? 0) {
            let half = bits.count / 2
            bits = (0..<half).map { bits[$0] ^ bits[half + $0] }
        }
        return bits
    }

    /// clkhash's strategies: the same k for every token, or a feature's bits shared out with
    /// the first tokens taking one more.
    static func bitsPerToken(_ strategy: LinkageSchema.Strategy, tokens: Int) -> [Int] {
        if let perToken = strategy.bitsPerToken { return Array(repeating: perToken, count: tokens) }
        let total = strategy.bitsPerFeature ?? 0
        let each = total / tokens, extra = total % tokens
        return Array(repeating: each + 1, count: extra) + Array(repeating: each, count: tokens - extra)
    }

    /// Schnell's double hashing: positions (sha1 + i·md5) mod l from HMAC-SHA1 (first key) and
    /// HMAC-MD5 (second key); with `nonSingular`, the MD5 step is redrawn while it is 0 mod l.
    static func doubleHash(_ message: [UInt8], k: Int, l: Int, keys: (first: [UInt8], second: [UInt8]), nonSingular: Bool) -> [Int] {
        let sha1 = remainder(Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: keys.first))), l)
        var md5 = remainder(Array(HMAC<Insecure.MD5>.authenticationCode(for: message, using: SymmetricKey(data: keys.second))), l)
        var attempt = 0
        while nonSingular && md5 == 0 {
            // Python's chr(i).encode(): the code point in UTF-8.
            let suffix = Array(String(UnicodeScalar(UInt8(truncatingIfNeeded: attempt))).utf8)
            md5 = remainder(Array(HMAC<Insecure.MD5>.authenticationCode(for: message + suffix, using: SymmetricKey(data: keys.second))), l)
            attempt += 1
        }
        return (0..<k).map { (sha1 + $0 * md5) % l }
    }

    /// clkhash's BLAKE2b construction: digests keyed with the feature's first key and salted
    /// with "0", "1", … each give 32 little-endian 16-bit numbers; the first k, mod l.
    static func blakeHash(_ message: [UInt8], k: Int, l: Int, key: [UInt8]) -> [Int] {
        var shorts: [Int] = []
        shorts.reserveCapacity(k + 31)
        for index in 0..<(k + 31) / 32 {
            let digest = BLAKE2b.hash(message, key: key, salt: Array(String(index).utf8))
            for pair in stride(from: 0, to: 64, by: 2) { shorts.append(Int(digest[pair]) | Int(digest[pair + 1]) << 8) }
        }
        return shorts.prefix(k).map { $0 % l }
    }

    /// A big-endian number's remainder by `l`.
    static func remainder(_ bytes: [UInt8], _ l: Int) -> Int {
        bytes.reduce(0) { ($0 * 256 + Int($1)) % l }
    }
}
