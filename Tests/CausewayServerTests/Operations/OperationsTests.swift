import CausewayServer
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
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

@Suite("Metrics")
struct MetricsTests {
    /// The metrics system can be bootstrapped once per process; this suite is its only user.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    @Test func requestsAreCountedInPrometheusFormat() async throws {
        let node = try await CausewayNode.start(TestNode.configuration(demo: false), logger: TestNode.logger,
                                                hasher: PasswordHasher(cost: 4))
        do {
            try await node.application(metrics: Self.registry).test(.live) { client in
                _ = try await client.execute(uri: "/healthz", method: .get)
                let metrics = try await client.execute(uri: "/metrics", method: .get)
                #expect(metrics.status == .ok)
                #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: metrics.body)
                #expect(text.contains("hb_requests"), "\(text.prefix(500))")
                #expect(text.contains("/healthz"), "the route is a label")
            }
        } catch {
            await node.shutdown()
            throw error
        }
        await node.shutdown()
    }
}
