import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Sweeps malformed and hostile input across the write API, on both engines: every answer must
/// be a 4xx problem+json with the expected stable code, never a 500 and never an internal
/// message, and nothing the request tried to write may have been written.
@Suite("Bad input")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var status: HTTPResponse.Status
        var code: String
        var contentType: String = "application/json"

        var testDescription: String { name }
    }

    static let valid = DatasetAPITests.draft

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: .post, path: "/api/v1/datasets", body: #"{"name": "#, status: .badRequest, code: "request.malformed"),
        Case(name: "not an object", method: .post, path: "/api/v1/datasets", body: #"[1,2,3]"#, status: .badRequest, code: "request.malformed"),
        Case(name: "empty body", method: .post, path: "/api/v1/datasets", body: "", status: .badRequest, code: "request.malformed"),
        Case(name: "missing field", method: .post, path: "/api/v1/datasets", body: #"{"name":"x1"}"#, status: .badRequest, code: "request.malformed"),
        Case(name: "wrong type", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""keywords":["influenza","surveillance"]"#, with: #""keywords":"influenza""#),
             status: .badRequest, code: "request.malformed"),
        Case(name: "unknown enum value", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""accessRights":"public""#, with: #""accessRights":"secret""#),
             status: .badRequest, code: "request.malformed"),
        Case(name: "unknown field", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""license":"CC-BY-4.0""#, with: #""license":"CC-BY-4.0","licence":"CC-BY-4.0""#),
             status: .unprocessableContent, code: "request.invalid"),
        Case(name: "unknown nested field", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""email":"flu@health.example""#, with: #""email":"flu@health.example","phone":"1""#),
             status: .unprocessableContent, code: "request.invalid"),
        Case(name: "invalid identifier", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""name":"flu-sentinel""#, with: #""name":"../../etc/passwd""#),
             status: .unprocessableContent, code: "request.invalid"),
        Case(name: "SQL in a name", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""name":"flu-sentinel""#, with: #""name":"x'; DROP TABLE datasets; --""#),
             status: .unprocessableContent, code: "request.invalid"),
        Case(name: "unknown publisher", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""publisher":"health-ministry""#, with: #""publisher":"no-such-agency""#),
             status: .unprocessableContent, code: "request.invalid"),
        Case(name: "duplicate name", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""name":"flu-sentinel""#, with: #""name":"covid-19-daily-case-counts-by-region""#),
             status: .conflict, code: "dataset-name.exists"),
        Case(name: "duplicate agency code", method: .post, path: "/api/v1/agencies", body: #"{"code":"health-ministry","name":"Again"}"#,
             status: .conflict, code: "agency.exists"),
        Case(name: "invalid agency code", method: .post, path: "/api/v1/agencies", body: #"{"code":"Health Ministry!","name":"X"}"#,
             status: .unprocessableContent, code: "request.invalid"),
        Case(name: "duplicate system", method: .post, path: "/api/v1/agencies/health-ministry/systems",
             body: #"{"code":"case-registry","name":"Again"}"#, status: .conflict, code: "system.exists"),
        Case(name: "system of a missing agency", method: .post, path: "/api/v1/agencies/nowhere/systems",
             body: #"{"code":"abc","name":"X"}"#, status: .notFound, code: "agency.not-found"),
        Case(name: "oversize body", method: .post, path: "/api/v1/datasets",
             body: "{\"name\":\"" + String(repeating: "a", count: 2 << 20) + "\"}", status: .contentTooLarge, code: "request.too-large"),
        Case(name: "wrong type in an update", method: .put, path: "/api/v1/datasets/covid-19-daily-case-counts-by-region",
             body: #"{"name":1}"#, status: .badRequest, code: "request.malformed"),
        Case(name: "mismatched code in agency update", method: .put, path: "/api/v1/agencies/health-ministry",
             body: #"{"code":"other","name":"X"}"#, status: .unprocessableContent, code: "request.invalid"),
        Case(name: "null for a required field", method: .post, path: "/api/v1/datasets",
             body: valid.replacingOccurrences(of: #""title":"Influenza sentinel surveillance""#, with: #""title":null"#),
             status: .badRequest, code: "request.malformed"),
    ]

    @Test(arguments: Database.Engine.allCases, cases)
    func isRefusedWithAProblem(engine: Database.Engine, _ testCase: Case) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("operator")
            let before = try await Self.state(of: node, touchedBy: testCase, token: token)
            let response = try await node.request(testCase.method, testCase.path, json: testCase.body, token: token,
                                                  headers: [.contentType: testCase.contentType])
            try response.expectProblem(testCase.status, testCase.code)
            #expect(!response.text.contains("Swift"), "no internals leak")
            #expect(try await Self.state(of: node, touchedBy: testCase, token: token) == before, "nothing was written")
        }
    }

    /// What a case could have changed if it had been let through: every revision a write bumps,
    /// the row count of every table the write API inserts into, and the resource a `PUT` names
    /// as the API serves it. A refused request leaves all of it as it was.
    static func state(of node: TestNode, touchedBy testCase: Case, token: String) async throws -> [String] {
        var state = try await node.node.database.withConnection { connection in
            var rows = try await connection.raw("SELECT name, value FROM revisions WHERE name <> 'audit-delivered' ORDER BY name").all()
                .map { "\(try $0.decode(column: "name", as: String.self))=\(try $0.decode(column: "value", as: Int64.self))" }
            for table in ["datasets", "agencies", "systems", "client_secrets", "users"] {
                let count = try await connection.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int64.self)
                rows.append("\(table)=\(count ?? -1)")
            }
            return rows
        }
        if testCase.method == .put {
            state.append(try await node.request(.get, testCase.path, token: token).text)
        }
        return state
    }

    @Test(arguments: Database.Engine.allCases) func pointerNamesTheWrongField(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await node.token("operator")
            let body = Self.valid.replacingOccurrences(of: #""keywords":["influenza","surveillance"]"#, with: #""keywords":"influenza""#)
            let problem = try await node.request(.post, "/api/v1/datasets", json: body, token: token).json()
            #expect(problem["detail"]?.stringValue?.contains("/keywords") == true)
            let unknown = Self.valid.replacingOccurrences(of: #""license":"CC-BY-4.0""#, with: #""license":"CC-BY-4.0","licence":"x""#)
            let invalid = try await node.request(.post, "/api/v1/datasets", json: unknown, token: token).json()
            #expect(invalid["errors"]?[0]?["pointer"]?.stringValue == "/licence")
        }
    }
}

/// What arrives below the JSON: broken chunked bodies, oversized targets and headers, query
/// strings as forms write them, double-encoded separators at the gateway.
@Suite("Bad input on the wire")
struct WireInputTests {
    @Test func aMalformedChunkedBodyIsAProblemOnEveryRoute() async throws {
        try await TestNode.with { node in
            let port = try #require(node.client.port)
            let token = try await node.token("operator")
            for path in ["/api/v1/datasets", "/api/3/action/package_search", "/api/v1/session", "/oauth/token", "/api/v1/agreements",
                         "/api/3/action/datastore_upsert"] {
                let answer = try RawHTTP.send("""
                    POST \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nTransfer-Encoding: chunked\r\n\
                    Content-Type: application/json\r\nConnection: close\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n
                    """, port: port)
                #expect((400..<500).contains(answer.status), "\(path): \(answer.status) \(answer.body.prefix(200))")
            }
        }
    }

    @Test func oversizedTargetsAndHeadersAreRefusedBeforeAnyRoute() async throws {
        try await TestNode.with { node in
            let long = try await node.request(.get, "/api/v1/datasets?q=" + String(repeating: "a", count: 9_000))
            try long.expectProblem(.uriTooLong, "request.uri-too-long")
            let big = try await node.request(.get, "/healthz", headers: [.init("X-Big")!: String(repeating: "b", count: 17_000)])
            try big.expectProblem(.requestHeaderFieldsTooLarge, "request.headers-too-large")
            // At the gateway nothing is forwarded: the refusal comes before the route.
            let gateway = try await node.request(.get, "/exchange/health-ministry/vulnerable-persons-api/persons/" + String(repeating: "p", count: 9_000))
            try gateway.expectProblem(.uriTooLong, "request.uri-too-long")
        }
    }

    @Test func anonymousCallersGetTheOneBodyLimit() async throws {
        try await TestNode.with { node in
            let body = #"{"q":""# + String(repeating: "a", count: 2 << 20) + #""}"#
            let anonymous = try await node.request(.post, "/api/3/action/package_search", json: body)
            #expect(anonymous.status == .contentTooLarge, "\(anonymous.status)")
        }
    }

    @Test func aPlusInAQueryIsASpace() async throws {
        try await TestNode.with { node in
            let ckan = try await node.request(.get, "/api/3/action/package_search?q=covid&sort=name+asc&rows=3").json()
            #expect(ckan["success"]?.boolValue == true, "\(ckan)")
            let api = try await node.request(.get, "/api/v1/datasets?q=covid+cases&limit=1").json()
            let spaced = try await node.request(.get, "/api/v1/datasets?q=covid%20cases&limit=1").json()
            #expect(api["total"]?.intValue == spaced["total"]?.intValue && api["total"]?.intValue ?? 0 > 0)
        }
    }

    @Test func doubleEncodedSeparatorsAreRefusedAtTheGateway() async throws {
        try await TestNode.with { node in
            let token = try await ExchangeTests.accessToken(node)
            for escape in ["/persons/..%252f..%252fadmin", "/persons/%252e%252e/secret", "/persons/a%255cb"] {
                let answer = try await ExchangeTests.call(node, "/exchange/health-ministry/vulnerable-persons-api" + escape, token: token)
                try answer.expectProblem(.badRequest, "request.invalid")
            }
        }
    }
}
