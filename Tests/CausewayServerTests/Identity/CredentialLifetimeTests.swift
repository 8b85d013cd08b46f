import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import Testing

/// Credentials take effect and die at once: a token dies with the secret it came from, even
/// while its system holds another live secret; a new secret works at the gateway in the same
/// breath; signing out, or a changed password or role, ends every session of the user.
@Suite("Credentials take effect and die at once")
struct CredentialLifetimeTests {
    static let secrets = "/api/v1/agencies/social-services/systems/shielding-portal/secrets"

    @Test(arguments: Database.Engine.allCases) func aTokenDiesWithItsSecret(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let admin = try await node.token("operator")
            let old = try await ExchangeTests.accessToken(node)
            // A second secret, issued now, works at this node's gateway at once.
            let issued = try await node.request(.post, Self.secrets, token: admin).json()
            let secret = try #require(issued["clientSecret"]?.stringValue)
            let response = try await ExchangeTests.form(node, "grant_type=client_credentials&client_id=social-services%2Fshielding-portal&client_secret=\(secret)")
            let fresh = try #require(try response.json()["access_token"]?.stringValue)
            #expect(try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: fresh).status == .ok)
            // Revoke the demo's first secret; the system keeps the new one.
            let listed = try await node.request(.get, Self.secrets, token: admin).json()["results"]?.arrayValue ?? []
            let first = try #require(listed.first { $0["id"]?.stringValue != issued["id"]?.stringValue }?["id"]?.stringValue)
            #expect(try await node.request(.delete, Self.secrets + "/\(first)", token: admin).status == .noContent)
            // No wait: the revoking node refuses the old secret's token in the same breath, and
            // the new secret's token goes on working.
            try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: old).expectProblem(.unauthorized, "auth.invalid")
            #expect(try await ExchangeTests.call(node, ExchangeTests.registry + "/P1", token: fresh).status == .ok)
        }
    }

    /// The same, seen from a second node on the database: dead within the second.
    @Test(arguments: Database.Engine.allCases) func aRevocationReachesTheOtherNode(engine: Database.Engine) async throws {
        let first = try await TestNode.configuration(demo: true, engine: engine)
        try await TestNode.with(configuration: first) { a in
            try await ExchangeTests.load(a)
            try await TestNode.with(configuration: try await a.sibling()) { b in
                let admin = try await a.token("operator")
                let old = try await ExchangeTests.accessToken(a)
                let issued = try await a.request(.post, Self.secrets, token: admin).json()["id"]?.stringValue
                #expect(try await eventually { try await ExchangeTests.call(b, ExchangeTests.registry + "/P1", token: old).status == .ok })
                let listed = try await a.request(.get, Self.secrets, token: admin).json()["results"]?.arrayValue ?? []
                let oldest = try #require(listed.first { $0["id"]?.stringValue != issued }?["id"]?.stringValue)
                #expect(try await a.request(.delete, Self.secrets + "/\(oldest)", token: admin).status == .noContent)
                let refused = try await eventually(within: .seconds(2)) {
                    try await ExchangeTests.call(b, ExchangeTests.registry + "/P1", token: old).status == .unauthorized
                }
                #expect(refused, "the other node refuses the dead secret's token")
            }
        }
    }

    @Test(arguments: Database.Engine.allCases) func sessionsEndOnSignOutAndOnAChangeOfPasswordOrRoles(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let first = try await node.token("hm.steward")
            let second = try await node.token("hm.steward")
            #expect(try await node.request(.delete, "/api/v1/session", token: first).status == .noContent)
            try await node.request(.get, "/api/v1/session", token: first).expectProblem(.unauthorized, "auth.invalid")
            try await node.request(.get, "/api/v1/session", token: second).expectProblem(.unauthorized, "auth.invalid")
            try await node.request(.delete, "/api/v1/session").expectProblem(.unauthorized, "auth.missing")

            let users = node.node.users
            let hasher = PasswordHasher(cost: 4)
            var session = try await node.token("hm.steward")
            let found = try #require(try await users.find("hm.steward"))
            // Saving the same password and roles (as the demo's reload does) keeps the session.
            try await users.save(found.user, passwordHash: found.passwordHash, replace: true)
            #expect(try await node.request(.get, "/api/v1/session", token: session).status == .ok)
            // A new password ends it.
            try await users.save(found.user, passwordHash: try await hasher.hash("another long password"), replace: true)
            try await node.request(.get, "/api/v1/session", token: session).expectProblem(.unauthorized, "auth.invalid")
            // So does a change of roles.
            session = try await node.token("hm.steward", password: "another long password")
            var demoted = found.user
            demoted.memberships = [Membership(agency: "health-ministry", role: .viewer)]
            let hash = try #require(try await users.find("hm.steward")).passwordHash
            try await users.save(demoted, passwordHash: hash, replace: true)
            try await node.request(.get, "/api/v1/session", token: session).expectProblem(.unauthorized, "auth.invalid")
        }
    }
}
