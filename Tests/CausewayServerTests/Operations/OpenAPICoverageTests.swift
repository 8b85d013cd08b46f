import CausewayCore
@testable import CausewayServer
import Foundation
import Testing

/// The OpenAPI document is written by hand; this holds it (with the site map of the HTML pages)
/// to the router both ways, so a route cannot ship undescribed and the document cannot promise
/// an operation nobody serves.
@Suite("OpenAPI coverage")
struct OpenAPICoverageTests {
    /// `METHOD /path` with every parameter written `{}`, whatever its name or syntax.
    static func key(_ method: String, _ path: String) -> String {
        let segments = path.split(separator: "/").map { segment in
            segment.hasPrefix(":") || segment.hasPrefix("{") || segment == "**" ? "{}" : String(segment)
        }
        return method.uppercased() + " /" + segments.joined(separator: "/")
    }

    static func described() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head"]
        var keys = Set<String>()
        for (path, item) in paths {
            for method in item.keys where verbs.contains(method) { keys.insert(key(method, path)) }
        }
        for (path, methods) in OpenAPIDocument.undescribed + SiteMap.all {
            for method in methods { keys.insert(key(method, path)) }
        }
        return keys
    }

    @Test func everyRouteIsDescribedAndEveryOperationRouted() async throws {
        try await TestNode.with(demo: false) { node in
            let routed = Set(node.node.router(metrics: .init()).routes.map { Self.key($0.method.rawValue, $0.path.description) })
            let described = try Self.described()
            #expect(routed.subtracting(described).sorted() == [], "routes missing from openapi.json")
            #expect(described.subtracting(routed).sorted() == [], "operations in openapi.json that no route serves")
        }
    }

    /// The search's `sort` values are listed by hand too; they must be exactly the ones the
    /// parser accepts.
    @Test func datasetSortsAreTheParsersOwn() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let search = try #require(paths["/api/v1/datasets"]?["get"] as? [String: Any])
        let parameters = try #require(search["parameters"] as? [[String: Any]])
        let sort = try #require(parameters.first { $0["name"] as? String == "sort" })
        let values = try #require((sort["schema"] as? [String: Any])?["enum"] as? [String])
        #expect(values == DatasetSort.allCases.map(\.rawValue))
    }
}
