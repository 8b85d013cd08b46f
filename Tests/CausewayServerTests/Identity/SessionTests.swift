import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import Testing

@Suite("Sessions and agencies")
struct SessionTests {
    @Test(arguments: Database.Engine.allCases) func signInAndWhoAmI(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("hm.steward")
            let me = try await node.request(.get, "/api/v1/session", token: token)
            #expect(me.status == .ok)
            #expect(try me.json()["username"]?.stringValue == "hm.steward")
            #expect(try me.json()["memberships"]?[0]?["role"]?.stringValue == "steward")
        }
    }

    @Test(arguments: Database.Engine.allCases) func badCredentialsAndTokens(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await node.request(.post, "/api/v1/session", json: #"{"username":"hm.steward","password":"wrong-password"}"#)
                .expectProblem(.unauthorized, "auth.invalid")
            try await node.request(.post, "/api/v1/session", json: #"{"username":"nobody","password":"whatever-it-is"}"#)
                .expectProblem(.unauthorized, "auth.invalid")
            try await node.request(.get, "/api/v1/session").expectProblem(.unauthorized, "auth.missing")
            try await node.request(.get, "/api/v1/session", token: "not-a-jwt").expectProblem(.unauthorized, "auth.invalid")
            try await node.request(.get, "/api/v1/session", headers: [.authorization: "Basic abc"])
                .expectProblem(.unauthorized, "auth.invalid")
            // A token signed by another deployment's key is refused.
            let other = try await TestNode.with(engine: engine) { other in try await other.token("hm.steward") }
            try await node.request(.get, "/api/v1/session", token: other).expectProblem(.unauthorized, "auth.invalid")
        }
    }

    @Test(arguments: Database.Engine.allCases) func agenciesAndSystems(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let list = try await node.request(.get, "/api/v1/agencies").json()
            #expect(list["results"]?.arrayValue?.count == 6)
            #expect(list["results"]?[0]?["datasetCount"]?.intValue ?? 0 > 0)

            let operatorToken = try await node.token("operator")
            let created = try await node.request(.post, "/api/v1/agencies", json: #"{"code":"fire-service","name":"Fire Service"}"#, token: operatorToken)
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/agencies/fire-service")
            try await node.request(.post, "/api/v1/agencies", json: #"{"code":"fire-service","name":"Again"}"#, token: operatorToken)
                .expectProblem(.conflict, "agency.exists")
            let steward = try await node.token("hm.steward")
            try await node.request(.post, "/api/v1/agencies", json: #"{"code":"x-agency","name":"X"}"#, token: steward)
                .expectProblem(.forbidden, "auth.forbidden")

            let system = try await node.request(.post, "/api/v1/agencies/fire-service/systems",
                                                json: #"{"code":"dispatch","name":"Dispatch"}"#, token: operatorToken)
            #expect(system.status == .created)
            #expect(try system.json()["clientId"]?.stringValue == "fire-service/dispatch")
            let secret = try await node.request(.post, "/api/v1/agencies/fire-service/systems/dispatch/secrets", token: operatorToken)
            #expect(secret.status == .created)
            #expect(try secret.json()["clientSecret"]?.stringValue?.count ?? 0 >= 43)
            let secrets = try await node.request(.get, "/api/v1/agencies/fire-service/systems/dispatch/secrets", token: operatorToken).json()
            #expect(secrets["results"]?.arrayValue?.count == 1)
            #expect(secrets["results"]?[0]?["clientSecret"] == nil, "secrets are never shown again")
            try await node.request(.post, "/api/v1/agencies/fire-service/systems/dispatch/secrets", token: steward)
                .expectProblem(.forbidden, "auth.forbidden")
            try await node.request(.get, "/api/v1/agencies/fire-service/systems/nothing").expectProblem(.notFound, "system.not-found")
            try await node.request(.get, "/api/v1/agencies/nowhere").expectProblem(.notFound, "agency.not-found")
            let systems = try await node.request(.get, "/api/v1/agencies/health-ministry/systems").json()
            #expect(systems["results"]?[0]?["clientId"]?.stringValue == "health-ministry/case-registry")
        }
    }

    @Test(arguments: Database.Engine.allCases) func demoLoadIsIdempotent(engine: Database.Engine) async throws {
        let configuration = try await TestNode.configuration(demo: true, engine: engine)
        let first = try await TestNode.with(configuration: configuration) { node in
            (try node.demoPassword("hm.steward"), try await node.request(.get, "/api/3/action/package_list").json()["result"])
        }
        try await TestNode.with(configuration: configuration) { node in
            #expect(try node.demoPassword("hm.steward") == first.0, "passwords stay valid across restarts")
            #expect(try await node.request(.get, "/api/3/action/package_list").json()["result"] == first.1)
            #expect(try await node.node.datasets.count() == first.1?.arrayValue?.count)
            _ = try await node.token("hm.steward")
            let data = try Data(contentsOf: URL(fileURLWithPath: configuration.dataDirectory + "/demo-credentials.json"))
            let credentials = try JSONDecoder().decode(JSONValue.self, from: data)
            #expect(credentials["clients"]?.arrayValue?.count == DemoGovernment.systems.count)
            #expect(credentials["clients"]?[0]?["client_id"]?.stringValue?.contains("/") == true)
            let attributes = try FileManager.default.attributesOfItem(atPath: configuration.dataDirectory + "/demo-credentials.json")
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }
}
