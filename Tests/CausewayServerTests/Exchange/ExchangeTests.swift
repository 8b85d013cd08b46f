import CausewayCore
@testable import CausewayServer
import CausewayStore
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Exchange gateway")
struct ExchangeTests {
    static let registry = "/exchange/health-ministry/datasets/vulnerable-persons-register/records"
    static let rows = """
        person_id,full_name,date_of_birth,address_id,phone,condition_group,needs_food_support,gp_practice
        P1,Ada Lovelace,1815-12-10,A-1,555-0101,respiratory,true,GP-7
        P2,Alan Turing,1912-06-23,A-2,555-0102,immunosuppressed,false,GP-3
        P3,Grace Hopper,1906-12-09,A-3,,cancer,true,GP-7
        """

    /// Loads the register's rows (as the health ministry's engineer).
    static func load(_ node: TestNode) async throws {
        let token = try await node.token("hm.engineer")
        let response = try await node.client.execute(
            uri: "/api/v1/datasets/vulnerable-persons-register/distributions/vulnerable-persons-register-csv/data?wait=true",
            method: .put, headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"], body: ByteBuffer(string: rows))
        #expect(response.status == .created, "\(response.text)")
    }

    static func clientSecret(_ node: TestNode, _ clientID: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: node.node.configuration.dataDirectory + "/demo-credentials.json"))
        let clients = try JSONDecoder().decode(JSONValue.self, from: data)["clients"]?.arrayValue ?? []
        return try #require(clients.first { $0["client_id"]?.stringValue == clientID }?["client_secret"]?.stringValue)
    }

    static func form(_ node: TestNode, _ body: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await node.client.execute(uri: "/oauth/token", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func accessToken(_ node: TestNode, _ clientID: String = "social-services/shielding-portal") async throws -> String {
        let secret = try clientSecret(node, clientID)
        let body = "grant_type=client_credentials&client_id=\(clientID.replacingOccurrences(of: "/", with: "%2F"))&client_secret=\(secret)"
        let response = try await form(node, body)
        #expect(response.status == .ok, "\(response.text)")
        return try #require(try response.json()["access_token"]?.stringValue)
    }

    /// An active agreement for the register's `person_id`, purpose `welfare-check`, with a
    /// tight quota; returns its id.
    static func welfareAgreement(_ node: TestNode, perMinute: Int, perDay: Int) async throws -> String {
        let engineer = try await node.token("ss.engineer")
        let draft = try await node.request(.post, "/api/v1/agreements", json: """
            {"template":"public-health-emergency","provider":"health-ministry","consumer":"social-services","systems":["shielding-portal"],
             "dataset":"vulnerable-persons-register","fields":["person_id"],"quota":{"perMinute":\(perMinute),"perDay":\(perDay)},
             "purpose":{"code":"welfare-check","description":"Welfare calls."}}
            """, token: engineer).json()
        let id = try #require(draft["id"]?.stringValue)
        _ = try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: engineer)
        _ = try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: try await node.token("hm.steward"))
        _ = try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: try await node.token("hm.dpo"))
        return id
    }

    static func call(_ node: TestNode, _ path: String, token: String?, purpose: String? = "shielding-support",
                     subject: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let purpose { headers[ExchangeHeaders.purpose] = purpose }
        if let subject { headers[ExchangeHeaders.subject] = subject }
        return try await node.client.execute(uri: path, method: .get, headers: headers)
    }

    @Test(arguments: Database.Engine.allCases) func clientCredentialsTokensAndTheirKeys(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let secret = try Self.clientSecret(node, "social-services/shielding-portal")
            let basic = Data("social-services%2Fshielding-portal:\(secret)".utf8).base64EncodedString()
            let viaBasic = try await Self.form(node, "grant_type=client_credentials", headers: [.authorization: "Basic \(basic)"])
            #expect(viaBasic.status == .ok, "\(viaBasic.text)")
            #expect(viaBasic.headers[.cacheControl] == "no-store")
            let body = try viaBasic.json()
            #expect(body["token_type"]?.stringValue == "Bearer" && body["expires_in"]?.intValue == 300)
            let token = try #require(body["access_token"]?.stringValue)

            // The token verifies with the published key alone (no JWT library): EdDSA over header.payload.
            let parts = token.split(separator: ".").map(String.init)
            let header = try JSONDecoder().decode(JSONValue.self, from: try #require(Data(base64URL: parts[0])))
            #expect(header["alg"]?.stringValue == "EdDSA")
            let jwks = try await node.request(.get, "/.well-known/jwks.json").json()
            let key = try #require(jwks["keys"]?.arrayValue?.first { $0["kid"] == header["kid"] })
            let x = try #require(key["x"]?.stringValue)
            let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64URL: x)))
            let signature = try #require(Data(base64URL: parts[2]))
            #expect(publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)))
            let claims = try JSONDecoder().decode(JSONValue.self, from: try #require(Data(base64URL: parts[1])))
            #expect(claims["sub"]?.stringValue == "social-services/shielding-portal")

            let wrong = try await Self.form(node, "grant_type=client_credentials&client_id=social-services%2Fshielding-portal&client_secret=nope")
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.json()["error"]?.stringValue == "invalid_client")
            let badBasic = try await Self.form(node, "grant_type=client_credentials", headers: [.authorization: "Basic Zm9v"])
            #expect(badBasic.status == .unauthorized && badBasic.headers[.wwwAuthenticate] == #"Basic realm="causeway""#)
            #expect(try await Self.form(node, "grant_type=password").json()["error"]?.stringValue == "unsupported_grant_type")
            #expect(try await Self.form(node, "grant_type=client_credentials&grant_type=client_credentials").json()["error"]?.stringValue == "invalid_request")
            let both = try await Self.form(node, "grant_type=client_credentials&client_id=x&client_secret=y", headers: [.authorization: "Basic \(basic)"])
            #expect(try both.json()["error"]?.stringValue == "invalid_request")
            let json = try await node.request(.post, "/oauth/token", json: #"{"grant_type":"client_credentials"}"#)
            #expect(json.status == .badRequest)
        }
    }

    @Test(arguments: Database.Engine.allCases) func agreedFieldsOnlyAuditedAndStoppedBySuspension(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await Self.load(node)
            let token = try await Self.accessToken(node)
            let answer = try await Self.call(node, Self.registry + "?sort=person_id", token: token, subject: "P1")
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.headers[ExchangeHeaders.agreement] == "agr-demo-shielding")
            let index = try #require(answer.headers[ExchangeHeaders.auditIndex].flatMap { Int64($0) })
            let body = try answer.json()
            #expect(body["fields"]?.arrayValue?.compactMap(\.stringValue) == ["person_id", "full_name", "address_id", "phone", "needs_food_support"])
            let first = try #require(body["records"]?[0])
            #expect(first["full_name"]?.stringValue == "Ada Lovelace")
            #expect(first["date_of_birth"] == nil && first["condition_group"] == nil && first["gp_practice"] == nil)

            let one = try await Self.call(node, Self.registry + "/P2", token: token)
            #expect(try one.json()["full_name"]?.stringValue == "Alan Turing")
            #expect(try one.json()["date_of_birth"] == nil)
            try await Self.call(node, Self.registry + "/P9", token: token).expectProblem(.notFound, "record.not-found")

            // Asking about fields outside the agreement is refused, not answered partially.
            try await Self.call(node, Self.registry + "?where[condition_group]=cancer", token: token).expectProblem(.badRequest, "request.parameter")
            try await Self.call(node, Self.registry + "?fields=date_of_birth", token: token).expectProblem(.badRequest, "request.parameter")
            try await Self.call(node, Self.registry + "?q=cancer", token: token).expectProblem(.badRequest, "request.parameter")
            try await Self.call(node, Self.registry + "?sort=gp_practice", token: token).expectProblem(.badRequest, "request.parameter")

            // The audit event is committed, with the subject only as a keyed hash.
            let entries = try await node.node.auditOutbox.entries(from: index, limit: 1)
            let event = try #require(entries.first?.event)
            #expect(event.kind == "exchange.call" && event.actor == "social-services/shielding-portal")
            #expect(event.details["agreement"] == "agr-demo-shielding" && event.details["purpose"] == "shielding-support")
            #expect(event.details["status"] == "200" && event.details["fields"] == "person_id,full_name,address_id,phone,needs_food_support")
            #expect(event.details["subject"] == node.node.subjects.hash("P1") && event.details["subject"] != "P1")
            #expect(Int(event.details["bytes"] ?? "") ?? 0 > 100)

            let dpo = try await node.token("hm.dpo")
            let suspended = try await node.request(.post, "/api/v1/agreements/agr-demo-shielding/suspend", json: #"{"reason":"Incident"}"#, token: dpo)
            #expect(suspended.status == .ok)
            let refused = try await Self.call(node, Self.registry, token: token)
            try refused.expectProblem(.forbidden, "agreement.suspended")
            let refusedIndex = try #require(refused.headers[ExchangeHeaders.auditIndex].flatMap { Int64($0) })
            let refusal = try #require(try await node.node.auditOutbox.entries(from: refusedIndex, limit: 1).first?.event)
            #expect(refusal.kind == "exchange.refused" && refusal.details["code"] == "agreement.suspended")
        }
    }

    /// Many calls at once share commits, and each gets its own number, in the order written.
    @Test(arguments: Database.Engine.allCases) func auditEventsAreGroupCommittedWithDistinctNumbers(engine: Database.Engine) async throws {
        try await TestNode.with(demo: false, engine: engine) { node in
            let writer = node.node.auditWriter
            let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        try await writer.append(AuditEvent(kind: "exchange.call", at: Date(), actor: "a/s", subject: "exchange/p/t",
                                                           agencies: ["a", "p"], details: ["n": String(index)]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(numbers).count == 300)
            let stored = try await node.node.auditOutbox.entries(from: numbers.min() ?? 0, limit: 1_000)
            #expect(stored.count == 300)
            for entry in stored where numbers.contains(entry.index) {
                #expect(entry.event.kind == "exchange.call")
            }
        }
    }

    @Test(arguments: Database.Engine.allCases) func everyBadCredentialIsRefused(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await Self.load(node)
            let token = try await Self.accessToken(node)
            try await Self.call(node, Self.registry, token: nil).expectProblem(.unauthorized, "auth.missing")
            try await Self.call(node, Self.registry, token: try await node.token("ss.engineer")).expectProblem(.unauthorized, "auth.invalid")
            let parts = token.split(separator: ".").map(String.init)
            let forged = parts[0] + "." + parts[1] + "." + String(parts[2].reversed())
            try await Self.call(node, Self.registry, token: forged).expectProblem(.unauthorized, "auth.invalid")
            let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncoded + "." + parts[1] + "."
            try await Self.call(node, Self.registry, token: none).expectProblem(.unauthorized, "auth.invalid")
            let expired = try await node.node.accessTokens.issue(for: "social-services/shielding-portal", now: Date().addingTimeInterval(-600))
            try await Self.call(node, Self.registry, token: expired).expectProblem(.unauthorized, "auth.invalid")
            // Signed with the right key, but for another audience.
            let wrongAudience = try await node.node.accessTokens.sign(audience: "causeway-session", subject: "social-services/shielding-portal")
            try await Self.call(node, Self.registry, token: wrongAudience).expectProblem(.unauthorized, "auth.invalid")
            // A valid token, but the purpose is missing or not the agreed one, or the system has no agreement.
            try await Self.call(node, Self.registry, token: token, purpose: nil).expectProblem(.badRequest, "request.invalid")
            try await Self.call(node, Self.registry, token: token, purpose: "marketing").expectProblem(.forbidden, "purpose.mismatch")
            let other = try await Self.accessToken(node, "capital-city/resident-services")
            try await Self.call(node, Self.registry, token: other).expectProblem(.forbidden, "agreement.none")
            try await Self.call(node, "/exchange/land-authority/datasets/vulnerable-persons-register/records", token: token)
                .expectProblem(.notFound, "dataset.not-found")
        }
    }

    @Test(arguments: Database.Engine.allCases) func quotasRotationAndRevocation(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await Self.load(node)
            // A tight agreement for another purpose: two calls a minute.
            _ = try await Self.welfareAgreement(node, perMinute: 2, perDay: 100)
            let token = try await Self.accessToken(node)
            for _ in 0..<2 {
                #expect(try await Self.call(node, Self.registry, token: token, purpose: "welfare-check").status == .ok)
            }
            let limited = try await Self.call(node, Self.registry, token: token, purpose: "welfare-check")
            try limited.expectProblem(.tooManyRequests, "quota.exceeded")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // The other agreement's quota is its own.
            #expect(try await Self.call(node, Self.registry, token: token).status == .ok)

            // After a rotation, the old key's tokens still work and both keys are published.
            _ = try await node.node.accessTokens.rotate()
            #expect(try await Self.call(node, Self.registry, token: token).status == .ok)
            #expect(try await node.request(.get, "/.well-known/jwks.json").json()["keys"]?.arrayValue?.count == 2)
            let fresh = try await Self.accessToken(node)
            #expect(try await Self.call(node, Self.registry, token: fresh).status == .ok)

            // Revoking the system's only secret: no new tokens, and its live token is refused too.
            let admin = try await node.token("operator")
            let secrets = try await node.request(.get, "/api/v1/agencies/social-services/systems/shielding-portal/secrets", token: admin).json()
            for secret in secrets["results"]?.arrayValue ?? [] {
                let path = "/api/v1/agencies/social-services/systems/shielding-portal/secrets/\(secret["id"]?.stringValue ?? "")"
                #expect(try await node.request(.delete, path, token: admin).status == .noContent)
            }
            let secret = try Self.clientSecret(node, "social-services/shielding-portal")
            #expect(try await Self.form(node, "grant_type=client_credentials&client_id=social-services%2Fshielding-portal&client_secret=\(secret)").status == .unauthorized)
            try await node.node.policy.refresh()
            try await Self.call(node, Self.registry, token: fresh).expectProblem(.unauthorized, "auth.invalid")
        }
    }
}

extension Data {
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
