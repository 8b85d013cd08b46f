import CausewayCore
@testable import CausewayServer
import CausewayStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@Suite("Exchange gateway to upstream APIs")
struct ExchangeProxyTests {
    static let base = "/exchange/health-ministry/vulnerable-persons-api"

    /// Runs the demo upstream on a free port and a demo node pointing at it.
    final class Seen: Sendable {
        let headers = Mutex<[HTTPFields]>([])
        func append(_ fields: HTTPFields) { headers.withLock { $0.append(fields) } }
        var last: HTTPFields? { headers.withLock { $0.last } }
    }

    static func withUpstream(engine: Database.Engine, _ body: @escaping @Sendable (TestNode, Seen) async throws -> Void) async throws {
        let seen = Seen()
        let upstream = DemoUpstream(port: 0, logger: TestNode.logger) { request in
            seen.append(request.headers)
            // A slow provider, on request. It waits without blocking its event loop: the loops are
            // shared with the node under test, whose timeout must be able to fire meanwhile.
            if let delay = request.headers[.init("X-Test-Delay-Ms")!].flatMap(Int.init) { try? await Task.sleep(for: .milliseconds(delay)) }
        }
        try await upstream.application().test(.live) { upstreamClient in
            var configuration = try await TestNode.configuration(demo: true, engine: engine)
            configuration.demoUpstreamURL = "http://127.0.0.1:\(upstreamClient.port ?? 0)"
            try await TestNode.with(configuration: configuration) { node in try await body(node, seen) }
        }
    }

    @Test(arguments: Database.Engine.allCases) func forwardedSignedAndReduced(engine: Database.Engine) async throws {
        try await Self.withUpstream(engine: engine) { node, seen in
            let token = try await ExchangeTests.accessToken(node)
            var headers: HTTPFields = [.authorization: "Bearer \(token)", ExchangeHeaders.purpose: "shielding-support",
                                       ExchangeHeaders.client: "health-ministry/case-registry", .init("Signature")!: "forged"]
            headers[ExchangeHeaders.requestID] = "4f3c2a1b0e9d8c7b"
            let one = try await node.client.execute(uri: Self.base + "/persons/P0003", method: .get, headers: headers)
            #expect(one.status == .ok, "\(one.text)")
            #expect(one.headers[ExchangeHeaders.agreement] == "agr-demo-shielding-api")
            #expect(one.headers[ExchangeHeaders.requestID] == "4f3c2a1b0e9d8c7b")
            #expect(one.headers[ExchangeHeaders.auditIndex] != nil)
            let person = try one.json()
            #expect(person["full_name"]?.stringValue != nil && person["needs_food_support"]?.boolValue == true)
            #expect(person["date_of_birth"] == nil && person["condition_group"] == nil && person["gp_practice"] == nil)

            // The upstream saw the gateway's headers, not the caller's, and a signature it can check.
            let received = try #require(seen.last)
            #expect(received[ExchangeHeaders.client] == "social-services/shielding-portal")
            #expect(received[ExchangeHeaders.purpose] == "shielding-support")
            #expect(received[ExchangeHeaders.agreement] == "agr-demo-shielding-api")
            #expect(received[.authorization] == nil)
            let input = try #require(received[.init("Signature-Input")!])
            let signature = try #require(received[.init("Signature")!])
            #expect(signature != "forged")
            let created = try #require(input.split(separator: ";").first { $0.hasPrefix("created=") }.flatMap { Int($0.dropFirst(8)) })
            let kid = try #require(input.components(separatedBy: "keyid=\"").last?.components(separatedBy: "\"").first)
            let nonce = try #require(input.components(separatedBy: "nonce=\"").last?.components(separatedBy: "\"").first)
            #expect(nonce.count >= 22, "128 random bits")
            // The signature base written out by hand from RFC 9421 §2.5, not with the code under test.
            let signatureBase = """
                "@method": GET
                "@path": /persons/P0003
                "@query": ?
                "causeway-client": social-services/shielding-portal
                "causeway-purpose": shielding-support
                "causeway-agreement": agr-demo-shielding-api
                "@signature-params": ("@method" "@path" "@query" "causeway-client" "causeway-purpose" "causeway-agreement");\
                created=\(created);nonce="\(nonce)";keyid="\(kid)";alg="ed25519"
                """
            #expect(input == "causeway=(\"@method\" \"@path\" \"@query\" \"causeway-client\" \"causeway-purpose\" \"causeway-agreement\");"
                + "created=\(created);nonce=\"\(nonce)\";keyid=\"\(kid)\";alg=\"ed25519\"")
            let jwks = try await node.request(.get, "/.well-known/jwks.json").json()
            let x = try #require(jwks["keys"]?.arrayValue?.first { $0["kid"]?.stringValue == kid }?["x"]?.stringValue)
            let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64URL: x)))
            let raw = try #require(Data(base64Encoded: String(signature.dropFirst("causeway=:".count).dropLast())))
            #expect(key.isValidSignature(raw, for: Data(signatureBase.utf8)))

            // A list in a `records` wrapper: each record reduced, the wrapper's other keys dropped.
            headers[.init("Signature")!] = nil
            let list = try await node.client.execute(uri: Self.base + "/persons?needs_food_support=true", method: .get, headers: headers).json()
            let records = try #require(list["records"]?.arrayValue)
            #expect(records.count == 16 && list["total"] == nil)
            #expect(records.allSatisfy { $0["date_of_birth"] == nil && $0["person_id"] != nil })
        }
    }

    /// Non-JSON answers cannot be reduced: refused, unless the agreement allows whole responses.
    @Test(arguments: Database.Engine.allCases) func wholeResponsesOnlyWhenAgreed(engine: Database.Engine) async throws {
        try await Self.withUpstream(engine: engine) { node, _ in
            let token = try await ExchangeTests.accessToken(node)
            func letter(_ purpose: String) async throws -> TestResponse {
                try await node.client.execute(uri: Self.base + "/letters/P0001", method: .get,
                                              headers: [.authorization: "Bearer \(token)", ExchangeHeaders.purpose: purpose])
            }
            try await letter("shielding-support").expectProblem(.badGateway, "upstream.not-json")

            let engineer = try await node.token("ss.engineer")
            let draft = #"""
                {"template":"public-health-emergency","provider":"health-ministry","consumer":"social-services","systems":["shielding-portal"],
                 "service":"vulnerable-persons-api","fields":["person_id"],"wholeResponses":true,
                 "purpose":{"code":"shielding-letters","description":"Send shielding letters."}}
                """#
            let created = try await node.request(.post, "/api/v1/agreements", json: draft, token: engineer)
            #expect(created.status == .created, "\(created.text)")
            #expect(try created.json()["wholeResponses"]?.boolValue == true)
            let id = try #require(try created.json()["id"]?.stringValue)
            _ = try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: engineer)
            _ = try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: try await node.token("hm.steward"))
            _ = try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: try await node.token("hm.dpo"))
            let whole = try await letter("shielding-letters")
            #expect(whole.status == .ok, "\(whole.text)")
            #expect(whole.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(whole.text.hasPrefix("Shielding letter for P0001"))

            // Hosted data is always answered field by field: the term is refused there.
            let onDataset = draft.replacingOccurrences(of: #""service":"vulnerable-persons-api""#, with: #""dataset":"vulnerable-persons-register""#)
            try await node.request(.post, "/api/v1/agreements", json: onDataset, token: engineer).expectProblem(.unprocessableContent, "request.invalid")
        }
    }

    @Test(arguments: Database.Engine.allCases) func pathsMethodsAndUpstreamFailures(engine: Database.Engine) async throws {
        try await Self.withUpstream(engine: engine) { node, _ in
            let token = try await ExchangeTests.accessToken(node)
            let headers: HTTPFields = [.authorization: "Bearer \(token)", ExchangeHeaders.purpose: "shielding-support"]
            func call(_ path: String, _ method: HTTPRequest.Method = .get) async throws -> TestResponse {
                try await node.client.execute(uri: Self.base + path, method: method, headers: headers)
            }
            for escape in ["/persons/..%2F..%2Fadmin", "/persons/%2e%2e/secret", "/persons/%2E%2E", "/persons//P0001", "/persons/a%5Cb"] {
                try await call(escape).expectProblem(.badRequest, "request.invalid")
            }
            try await call("/admin").expectProblem(.forbidden, "agreement.none")
            try await call("/persons/P0001/history").expectProblem(.forbidden, "agreement.none")
            // The agreement allows GET only: a POST is refused by the policy before the upstream is asked.
            try await call("/persons", .post).expectProblem(.forbidden, "agreement.none")
            try await call("/persons/P9999").expectProblem(.notFound, "upstream.refused")
            try await node.client.execute(uri: "/exchange/health-ministry/no-such-api/x", method: .get, headers: headers)
                .expectProblem(.notFound, "service.not-found")

            // A provider slower than the service's timeout: 504, and the caller's header reached it.
            var service = DemoUpstream.service(baseURL: node.node.configuration.demoUpstreamURL)
            service.timeoutSeconds = 0.3
            let body = String(decoding: try JSONEncoder().encode(service), as: UTF8.self)
            #expect(try await node.request(.put, "/api/v1/services/health-ministry/vulnerable-persons-api", json: body,
                                           token: try await node.token("hm.engineer")).status == .ok)
            var slow = headers
            slow[.init("X-Test-Delay-Ms")!] = "1000"
            try await node.client.execute(uri: Self.base + "/persons/P0001", method: .get, headers: slow)
                .expectProblem(.gatewayTimeout, "upstream.timeout")
        }
        // The same node with its upstream gone: 502, audited like any refusal.
        var configuration = try await TestNode.configuration(demo: true, engine: engine)
        configuration.demoUpstreamURL = "http://127.0.0.1:9"
        try await TestNode.with(configuration: configuration) { node in
            let token = try await ExchangeTests.accessToken(node)
            let down = try await node.client.execute(uri: Self.base + "/persons/P0001", method: .get,
                                                     headers: [.authorization: "Bearer \(token)", ExchangeHeaders.purpose: "shielding-support"])
            try down.expectProblem(.badGateway, "upstream.unavailable")
            #expect(down.headers[ExchangeHeaders.auditIndex] != nil)
        }
    }
}
