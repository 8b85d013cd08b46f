import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import SQLKit
import Testing

/// Deleted means deleted: a deleted dataset's hosted tables are dropped after the retention
/// period, with a log entry; and the versions of data that is not open are not public.
@Suite("Deleted data and version metadata")
struct DeletedDataTests {
    static func tables(_ database: Database) async throws -> Set<String> {
        try await database.withConnection { connection in
            let query: SQLQueryString = database.engine == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'hosted\\_%' ESCAPE '\\'"
                : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'hosted\\_%'"
            return Set(try await connection.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
        }
    }

    @Test(arguments: Database.Engine.allCases) func aDeletedDatasetsTablesArePurgedAfterTheRetentionPeriod(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let before = try await Self.tables(node.node.database)
            let versions = try await node.node.hostedData.versions(of: "vulnerable-persons-register-csv")
            #expect(!versions.isEmpty)
            let operatorToken = try await node.token("hm.engineer")
            #expect(try await node.request(.delete, "/api/v1/datasets/vulnerable-persons-register", token: operatorToken).status == .noContent)
            let purger = DeletedDataPurger(purge: DeletedDataPurge(database: node.node.database), retention: .seconds(30 * 86_400),
                                           logger: TestNode.logger, clock: { Date() })
            #expect(try await purger.run(now: Date()).isEmpty, "kept during the retention period")
            #expect(try await Self.tables(node.node.database) == before)
            let purged = try await purger.run(now: Date().addingTimeInterval(31 * 86_400))
            #expect(purged.map(\.dataset).count == 1 && purged.first?.rows == 3 && purged.first?.tables == 1, "\(purged)")
            let after = try await Self.tables(node.node.database)
            #expect(after.count == before.count - 1, "\(before) → \(after)")
            #expect(try await node.node.hostedData.versions(of: "vulnerable-persons-register-csv").isEmpty)
            #expect(try await purger.run(now: Date().addingTimeInterval(32 * 86_400)).isEmpty, "purged once")
            let purges = try await node.logEvents().filter { $0.kind == "dataset.purged" }
            #expect(purges.count == 1 && purges.first?.details["rows"] == "3")
        }
    }

    @Test func theVersionsOfDataThatIsNotOpenAreNotPublic() async throws {
        try await TestNode.with { node in
            try await ExchangeTests.load(node)
            let path = "/api/v1/datasets/vulnerable-persons-register/distributions/vulnerable-persons-register-csv/versions"
            try await node.request(.get, path).expectProblem(.unauthorized, "auth.missing")
            try await node.request(.get, path, token: try await node.token("ss.engineer")).expectProblem(.forbidden, "auth.forbidden")
            let own = try await node.request(.get, path, token: try await node.token("hm.engineer")).json()
            #expect(own["results"]?.arrayValue?.first?["uploadedBy"]?.stringValue == "hm.engineer")
        }
    }
}
