import CausewayServer
import CausewayStore
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import SQLKit
import Foundation
import Testing

@Suite("Health, readiness, OpenAPI")
struct OperationsTests {
    @Test(arguments: Database.Engine.allCases) func livenessAndReadiness(engine: Database.Engine) async throws {
        try await TestNode.with(demo: false, engine: engine) { node in
            let health = try await node.request(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(try health.json()["status"]?.stringValue == "ok")
            let ready = try await node.request(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.json()["database"]?.stringValue == engine.rawValue)
        }
    }

    @Test(arguments: Database.Engine.allCases) func readinessFailsWhenTheDatabaseIsGone(engine: Database.Engine) async throws {
        try await TestNode.with(demo: false, engine: engine) { node in
            await node.node.database.shutdown()
            try await node.request(.get, "/readyz").expectProblem(.serviceUnavailable, "database.unavailable")
        }
    }

    /// A rolling upgrade: a newer node has migrated the shared database past this binary's
    /// schema. The running node stays ready (the balancer keeps it), but a node of this binary
    /// started now refuses, rather than run on a schema it does not know.
    @Test(arguments: Database.Engine.allCases) func aNewerSchemaKeepsRunningNodesReadyAndStopsNewOnes(engine: Database.Engine) async throws {
        let configuration = try await TestNode.configuration(demo: false, engine: engine)
        try await TestNode.with(configuration: configuration) { node in
            try await node.node.database.withConnection { connection in
                try await connection.raw("""
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: Migrations.latestVersion + 1), 'from a newer release', '2026-12-01T00:00:00Z')
                    """).run()
            }
            let ready = try await node.request(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.json()["schemaVersion"]?.stringValue == "\(Migrations.latestVersion + 1)")
        }
        await #expect(throws: StoreError.self) {
            try await TestNode.with(configuration: configuration) { _ in }
        }
    }

    @Test(arguments: Database.Engine.allCases) func openAPIDescribesEveryV1Route(engine: Database.Engine) async throws {
        try await TestNode.with(demo: false, engine: engine) { node in
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

    @Test(arguments: Database.Engine.allCases) func unknownRoutesAreProblems(engine: Database.Engine) async throws {
        try await TestNode.with(demo: false, engine: engine) { node in
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

    @Test(arguments: Database.Engine.allCases) func requestsAreCountedInPrometheusFormat(engine: Database.Engine) async throws {
        let node = try await CausewayNode.start(try await TestNode.configuration(demo: false, engine: engine), logger: TestNode.logger,
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
