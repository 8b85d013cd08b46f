import Foundation

/// A clkhash linkage schema, version 3: how each column of a party's file becomes bits of a
/// CLK (cryptographic long-term key, a Bloom filter encoding). Every party of a linkage uses
/// the same schema and secret, so the same person gives similar encodings everywhere.
///
/// The JSON is clkhash's own (`version`, `clkConfig`, `features`), so a schema written for
/// clkhash works here and back; keys this type does not know are ignored, as clkhash does.
public struct LinkageSchema: Sendable, Hashable, Codable {
    public var version: Int
    public var clkConfig: ClkConfig
    public var features: [Feature]

    public struct ClkConfig: Sendable, Hashable, Codable {
        /// The encoding's length in bits, after folding.
        public var l: Int
        /// How many times the filter is XOR-folded in half (hardening; see docs/record-linkage.md).
        public var xor_folds: Int?
        public var kdf: KDF
    }

    public struct KDF: Sendable, Hashable, Codable {
        public var type: String
        /// `SHA256` (the default) or `SHA512`.
        public var hash: String?
        /// Base64.
        public var salt: String?
        /// Base64.
        public var info: String?
        public var keySize: Int?
    }

    public struct Feature: Sendable, Hashable, Codable {
        public var identifier: String
        public var ignored: Bool?
        public var format: Format?
        public var hashing: Hashing?
    }

    public struct Format: Sendable, Hashable, Codable {
        /// `string`, `integer`, `date` or `enum`.
        public var type: String
        public var encoding: String?
        public var `case`: String?
        public var minLength: Int?
        public var maxLength: Int?
        public var pattern: String?
        public var minimum: Int64?
        public var maximum: Int64?
        /// A date's `strptime` format (`%Y-%m-%d`).
        public var format: String?
        public var values: [String]?
        public var description: String?
    }

    public struct Hashing: Sendable, Hashable, Codable {
        public var hash: Hash?
        public var comparison: Comparison
        public var strategy: Strategy
        public var missingValue: MissingValue?
    }

    public struct Hash: Sendable, Hashable, Codable {
        /// `blakeHash` (the default) or `doubleHash`.
        public var type: String
        public var prevent_singularity: Bool?
    }

    public struct Comparison: Sendable, Hashable, Codable {
        /// `ngram`, `exact` or `numeric`.
        public var type: String
        public var n: Int?
        public var positional: Bool?
        public var thresholdDistance: Double?
        public var resolution: Int?
        public var fractional_precision: Int?
    }

    public struct Strategy: Sendable, Hashable, Codable {
        public var bitsPerToken: Int?
        public var bitsPerFeature: Int?
    }

    public struct MissingValue: Sendable, Hashable, Codable {
        public var sentinel: String
        public var replaceWith: String?
    }

    /// The folded length is a whole number of bytes, so a CLK is its bytes (as clkhash serialises it).
    public static let maxLength = 1 << 16

    /// Checks what clkhash's master schema and constructors check, with JSON pointers.
    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(version == 3, "/version", "only version 3 of clkhash's linkage schema is supported")
        let l = clkConfig.l, folds = clkConfig.xor_folds ?? 0
        validator.check(l > 0 && l % 8 == 0 && l <= Self.maxLength, "/clkConfig/l", "must be a positive multiple of 8, at most \(Self.maxLength)")
        validator.check((0...8).contains(folds), "/clkConfig/xor_folds", "must be 0 to 8")
        validator.check(clkConfig.kdf.type == "HKDF", "/clkConfig/kdf/type", "only HKDF is supported")
        validator.check(["SHA256", "SHA512"].contains(clkConfig.kdf.hash ?? "SHA256"), "/clkConfig/kdf/hash", "must be SHA256 or SHA512")
        for (name, value) in [("salt", clkConfig.kdf.salt), ("info", clkConfig.kdf.info)] {
            if let value { validator.check(Data(base64Encoded: value) != nil, "/clkConfig/kdf/\(name)", "must be base64") }
        }
        let keySize = clkConfig.kdf.keySize ?? 64
        validator.check((1...64).contains(keySize), "/clkConfig/kdf/keySize", "must be 1 to 64 bytes")
        validator.check(!features.isEmpty, "/features", "name at least one feature")
        let hashLength = l << folds
        for (index, feature) in features.enumerated() {
            let at = "/features/\(index)"
            validator.check(!feature.identifier.isEmpty, "\(at)/identifier", "must not be empty")
            if feature.ignored == true { continue }
            guard let format = feature.format else {
                validator.add(FieldError("\(at)/format", "a feature that is not ignored needs a format"))
                continue
            }
            validator.check(["string", "integer", "date", "enum"].contains(format.type), "\(at)/format/type", "must be string, integer, date or enum")
            validator.check(format.type != "date" || format.format != nil, "\(at)/format/format", "a date needs its strptime format")
            validator.check(format.type != "enum" || !(format.values ?? []).isEmpty, "\(at)/format/values", "an enum needs its values")
            validator.check(["utf-8", "utf8", "UTF-8"].contains(format.encoding ?? "utf-8"), "\(at)/format/encoding", "only utf-8 is supported")
            validator.check(["lower", "upper", "mixed"].contains(format.case ?? "mixed"), "\(at)/format/case", "must be lower, upper or mixed")
            if let pattern = format.pattern {
                validator.check((try? Regex(pattern)) != nil, "\(at)/format/pattern", "is not a regular expression")
            }
            guard let hashing = feature.hashing else {
                validator.add(FieldError("\(at)/hashing", "a feature that is not ignored needs hashing"))
                continue
            }
            let hash = hashing.hash?.type ?? "blakeHash"
            validator.check(["blakeHash", "doubleHash"].contains(hash), "\(at)/hashing/hash/type", "must be blakeHash or doubleHash")
            validator.check(hash != "blakeHash" || hashLength & (hashLength - 1) == 0, "/clkConfig/l",
                            "blakeHash needs l × 2^xor_folds to be a power of two")
            validator.check(hashing.hash?.prevent_singularity == nil || hash == "doubleHash", "\(at)/hashing/hash/prevent_singularity",
                            "only doubleHash has this option")
            let comparison = hashing.comparison
            switch comparison.type {
            case "ngram": validator.check((comparison.n ?? -1) >= 0, "\(at)/hashing/comparison/n", "must be a non-negative integer")
            case "exact": break
            case "numeric":
                let precision = comparison.fractional_precision ?? 0
                validator.check((comparison.thresholdDistance ?? 0) > 0, "\(at)/hashing/comparison/thresholdDistance", "must be positive")
                validator.check((comparison.resolution ?? 0) >= 1, "\(at)/hashing/comparison/resolution", "must be at least 1")
                validator.check((0...9).contains(precision), "\(at)/hashing/comparison/fractional_precision", "must be 0 to 9")
            default: validator.add(FieldError("\(at)/hashing/comparison/type", "must be ngram, exact or numeric"))
            }
            switch (hashing.strategy.bitsPerToken, hashing.strategy.bitsPerFeature) {
            case (let bits?, nil): validator.check((1...1_024).contains(bits), "\(at)/hashing/strategy/bitsPerToken", "must be 1 to 1024")
            case (nil, let bits?): validator.check((1...65_536).contains(bits), "\(at)/hashing/strategy/bitsPerFeature", "must be 1 to 65536")
            default: validator.add(FieldError("\(at)/hashing/strategy", "give bitsPerToken or bitsPerFeature, one of them"))
            }
        }
        try validator.finish()
    }
}
