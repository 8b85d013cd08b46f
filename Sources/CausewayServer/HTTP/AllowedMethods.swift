import Foundation
import HTTPTypes

/// Which methods each path accepts, so that a known path asked with another method gets
/// `405 Method Not Allowed` and an `Allow` header, as HTTP requires, instead of a 404.
/// Built from the OpenAPI document (tested to list every route) plus the CKAN action paths.
struct AllowedMethods: Sendable {
    struct Pattern: Sendable {
        /// Literal segments, or nil for a `{parameter}` that matches any one segment.
        var segments: [String?]
        var methods: [String]

        var literalCount: Int { segments.count { $0 != nil } }
    }

    let patterns: [Pattern]

    init(openAPI json: String, extra: [(path: String, methods: [String])]) {
        var patterns: [Pattern] = []
        let document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let paths = document?["paths"] as? [String: Any] ?? [:]
        let verbs = ["get", "put", "post", "delete", "patch", "head", "options"]
        for (path, item) in paths {
            let methods = (item as? [String: Any] ?? [:]).keys.filter(verbs.contains).map { $0.uppercased() }.sorted()
            patterns.append(Pattern(segments: Self.segments(path), methods: methods))
        }
        for (path, methods) in extra { patterns.append(Pattern(segments: Self.segments(path), methods: methods)) }
        self.patterns = patterns
    }

    private static func segments(_ path: String) -> [String?] {
        path.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? nil : String($0) }
    }

    /// The methods `path` accepts; empty when no route has this path. When several patterns
    /// match, the one with the most literal segments wins, as in the router:
    /// `/agreements/stats` is not `/agreements/{agreement}`.
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        let matching = patterns.filter { pattern in
            pattern.segments.count == parts.count && zip(pattern.segments, parts).allSatisfy { $0.0 == nil || $0.0 == String($0.1) }
        }
        return matching.max { $0.literalCount < $1.literalCount }?.methods ?? []
    }
}
