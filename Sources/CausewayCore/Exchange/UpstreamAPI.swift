import Foundation

/// An upstream API a provider exposes through the gateway: where it is, what may be called,
/// and what its JSON responses contain, so that agreements can name fields and the gateway can
/// remove the rest. It appears in the catalogue as a DCAT data service.
public struct UpstreamAPI: Sendable, Hashable, Codable {
    public var provider: String
    /// Unique within the provider; the `{service}` of `/exchange/{provider}/{service}/…`.
    public var code: String
    public var title: String
    public var description: String
    /// `http(s)://host[:port][/base]`; every forwarded path is appended below it.
    public var baseURL: String
    public var methods: [String]
    /// Allowed paths below the base: literal segments, `*` for exactly one segment, and a
    /// final `**` for any rest. `["/persons/*"]` allows `/persons/P1` and nothing else.
    public var paths: [String]
    /// The fields its JSON responses may contain; agreements choose among them.
    public var responseFields: [String]
    public var personalData: Bool
    public var timeoutSeconds: Double
    public var maxResponseBytes: Int

    public init(provider: String, code: String, title: String, description: String = "", baseURL: String,
                methods: [String] = ["GET"], paths: [String], responseFields: [String], personalData: Bool,
                timeoutSeconds: Double = 10, maxResponseBytes: Int = 10 << 20) {
        self.provider = provider
        self.code = code
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.methods = methods
        self.paths = paths
        self.responseFields = responseFields
        self.personalData = personalData
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
    }

    /// Codes that are path words of the gateway itself.
    public static let reservedCodes: Set<String> = ["datasets"]

    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Slug.isValid(provider), "/provider", "must be an agency code")
        validator.check(Slug.isValid(code) && !Self.reservedCodes.contains(code), "/code",
                        "must be \(Slug.rule), and not \(Self.reservedCodes.sorted().joined(separator: ", "))")
        validator.requireText(title, "/title", maxLength: 200)
        validator.limitText(description, "/description", maxLength: 10_000)
        let base = URL(string: baseURL)
        validator.check(base.map { ["http", "https"].contains($0.scheme ?? "") && $0.host != nil && $0.query == nil && $0.fragment == nil
            && $0.user == nil } ?? false, "/baseURL", "must be an http or https URL with a host, and no query, fragment or credentials")
        validator.check(!methods.isEmpty && methods.allSatisfy(AgreementTerms.allowedMethods.contains), "/methods",
                        "must be one or more of \(AgreementTerms.allowedMethods.joined(separator: ", "))")
        validator.check(!paths.isEmpty, "/paths", "must allow at least one path")
        for (index, path) in paths.enumerated() {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            validator.check(path.hasPrefix("/") && !segments.contains("..") && !segments.contains(".")
                            && segments.dropLast().allSatisfy { $0 != "**" }, "/paths/\(index)",
                            "must start with '/', have no '.' or '..' segments, and use '**' only last")
        }
        validator.check(!responseFields.isEmpty, "/responseFields", "must name the fields of its responses")
        validator.check(Set(responseFields).count == responseFields.count, "/responseFields", "must not repeat a field")
        validator.check(timeoutSeconds > 0 && timeoutSeconds <= 120, "/timeoutSeconds", "must be above 0 and at most 120")
        validator.check(maxResponseBytes >= 1_024 && maxResponseBytes <= 100 << 20, "/maxResponseBytes", "must be between 1 KiB and 100 MiB")
        try validator.finish()
    }

    /// Whether `path` (below the base, starting with `/`) matches one of the allowed paths.
    public func allows(path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        return paths.contains { pattern in
            let wanted = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
            for (index, part) in wanted.enumerated() {
                if part == "**" { return segments.count >= index }
                guard index < segments.count, part == "*" ? !segments[index].isEmpty : part == segments[index] else { return false }
            }
            return wanted.count == segments.count
        }
    }

    public enum PathError: Error, Sendable, Hashable {
        case unsafe(String)
    }

    /// Where one call goes: the URL to send, the decoded path the service's allowed paths are
    /// matched against, and the path and query as sent, which the gateway's signature covers.
    public struct Target: Sendable, Equatable {
        public var url: String
        /// Decoded, `/` when empty: what ``allows(path:)`` is asked about.
        public var path: String
        /// The URL's path as sent (still percent-encoded, the base's path included), `/` when
        /// empty, as RFC 9421's `@path` is.
        public var sentPath: String
        /// The query as sent, without its `?`; empty when there is none.
        public var query: String
    }

    /// The upstream target for a path as the caller sent it (still percent-encoded) and a
    /// query. Refuses anything that could leave the base: dot segments (encoded or not),
    /// encoded slashes or backslashes, empty segments, control characters, and absolute URLs —
    /// and the same separators encoded twice (`%252f`), which an upstream that decodes once
    /// more than the gateway would take for the real thing.
    public func upstreamURL(rawPath: String, query: String?) throws(PathError) -> Target {
        guard rawPath.hasPrefix("/") || rawPath.isEmpty else { throw .unsafe("the path must start with '/'") }
        // Every refused sequence holds a '%', a backslash or "//": most paths hold none.
        if rawPath.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") }) || rawPath.containsBytes(of: "//") {
            let lowered = rawPath.lowercased()
            for bad in ["%2f", "%5c", "\\", "%00", "//", "%2e", "%252f", "%255c", "%252e", "%2500"] where lowered.containsBytes(of: bad) {
                throw .unsafe("the path may not contain '\(bad)'")
            }
        }
        let segments = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { throw .unsafe("the path may not contain '.' or '..' segments") }
        guard rawPath.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .unsafe("the path must be percent-encoded ASCII")
        }
        guard let decoded = rawPath.percentDecoded else { throw .unsafe("the path has a bad percent-encoding") }
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let query = query ?? ""
        let sentPath = Self.path(ofBase: base) + rawPath
        return Target(url: base + rawPath + (query.isEmpty ? "" : "?" + query), path: decoded.isEmpty ? "/" : decoded,
                      sentPath: sentPath.isEmpty ? "/" : sentPath, query: query)
    }

    /// The path part of a base URL (`http://host:port/base` → `/base`), without parsing a URL.
    static func path(ofBase base: String) -> String {
        // The first '/' after "//" (validation made the base `scheme://authority[/path]`).
        var slashes = 0
        for index in base.utf8.indices where base.utf8[index] == UInt8(ascii: "/") {
            slashes += 1
            if slashes == 3 { return String(base[index...]) }
        }
        return ""
    }
}
