import CausewayStore
import Hummingbird
import NIOCore

/// Liveness and readiness, for load balancers and orchestrators.
struct HealthRoutes {
    let database: Database

    static let okBody = ByteBuffer(string: #"{"status":"ok"}"#)

    func register(on router: Router<CausewayContext>) {
        // Liveness answers from memory: it says the process serves HTTP, nothing more.
        router.get("healthz") { _, _ in JSONResponse.bytes(Self.okBody) }
        router.get("readyz", use: ready)
    }

    /// Ready when the database answers and its schema is at least the one this binary expects.
    ///
    /// A newer schema keeps an older node ready: during a rolling upgrade the first new node
    /// migrates while the old ones still serve, and a balancer that took every old node out at
    /// that moment would leave one node for all the traffic. (An old node does refuse to *start*
    /// on a newer schema; see docs/operations.md § Rolling upgrade.)
    @Sendable func ready(_ request: Request, context: CausewayContext) async throws -> Response {
        let version: Int
        do {
            version = try await Migrations.currentVersion(of: database)
        } catch {
            throw Problem(.serviceUnavailable, code: "database.unavailable", title: "Database unreachable",
                          detail: "The node cannot reach its database.")
        }
        guard version >= Migrations.latestVersion else {
            throw Problem(.serviceUnavailable, code: "database.migrating", title: "Schema not ready",
                          detail: "Schema version \(version), expected \(Migrations.latestVersion).")
        }
        return try JSONResponse.make(["status": "ready", "database": database.engine.rawValue, "schemaVersion": "\(version)"])
    }
}
