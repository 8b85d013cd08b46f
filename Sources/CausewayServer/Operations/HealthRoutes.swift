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

    /// Ready when the database answers and its schema is the one this binary expects.
    @Sendable func ready(_ request: Request, context: CausewayContext) async throws -> Response {
        let version: Int
        do {
            version = try await Migrations.currentVersion(of: database)
        } catch {
            throw Problem(.serviceUnavailable, code: "database.unavailable", title: "Database unreachable",
                          detail: "The node cannot reach its database.")
        }
        guard version == Migrations.latestVersion else {
            throw Problem(.serviceUnavailable, code: "database.migrating", title: "Schema not ready",
                          detail: "Schema version \(version), expected \(Migrations.latestVersion).")
        }
        return try JSONResponse.make(["status": "ready", "database": database.engine.rawValue, "schemaVersion": "\(version)"])
    }
}
