import CausewayServer
import Foundation
import Testing

@Suite("Health, readiness, OpenAPI")
struct OperationsTests {
    @Test func livenessAndReadiness() async throws {
        try await TestNode.with(demo: false) { node in
            let health = try await node.request(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(try health.json()["status"]?.stringValue == "ok")
            let ready = try await node.request(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.json()["database"]?.stringValue == "sqlite")
        }
    }

    @Test func readinessFailsWhenTheDatabaseIsGone() async throws {
        try await TestNode.with(demo: false) { node in
            await node.node.database.shutdown()
            try await node.request(.get, "/readyz").expectProblem(.serviceUnavailable, "database.unavailable")
        }
    }

    @Test func openAPIDescribesEveryV1Route() async throws {
        try await TestNode.with(demo: false) { node in
            let response = try await node.request(.get, "/openapi.json")
            #expect(response.status == .ok)
            let document = try response.json()
            #expect(document["openapi"]?.stringValue == "3.1.0")
            let paths = Set(document["paths"]?.objectValue?.keys.map { $0 } ?? [])
            #expect(paths.isSuperset(of: [
                "/healthz", "/readyz", "/api/v1/session", "/api/v1/agencies", "/api/v1/agencies/{agency}",
                "/api/v1/agencies/{agency}/systems", "/api/v1/agencies/{agency}/systems/{system}",
                "/api/v1/agencies/{agency}/systems/{system}/secrets", "/api/v1/datasets", "/api/v1/datasets/{dataset}",
                "/api/v1/datasets/{dataset}/distributions", "/api/v1/datasets/{dataset}/distributions/{distribution}",
            ]))
        }
    }

    @Test func unknownRoutesAreProblems() async throws {
        try await TestNode.with(demo: false) { node in
            try await node.request(.get, "/no/such/thing").expectProblem(.notFound, "route.not-found")
        }
    }
}
