import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

/// How a command reaches a running node's API: its URL and the caller's credentials. Shared by
/// every command that works over HTTP, so they all sign in the same way.
struct NodeOptions: ParsableArguments {
    @Option(help: "Node URL (default http://127.0.0.1:8080, or CAUSEWAY_URL).") var server: String?
    @Option(help: "Bearer token from POST /api/v1/session (or CAUSEWAY_TOKEN).") var token: String?
    @Option(help: "Sign in as this user instead of passing a token; the password is read from CAUSEWAY_PASSWORD or standard input.")
    var username: String?

    /// Opens a client and signs in; the caller must `shutdown()` it. With `anonymous`, a
    /// caller who gave no credentials goes on without (open data needs none).
    func connect(anonymous: Bool = false) async throws -> NodeClient {
        let environment = ProcessInfo.processInfo.environment
        var base = server ?? environment["CAUSEWAY_URL"] ?? "http://127.0.0.1:8080"
        while base.hasSuffix("/") { base.removeLast() }
        let client = NodeClient(base: base, http: HTTPClient(eventLoopGroupProvider: .singleton), token: "")
        do {
            if let token = token ?? environment["CAUSEWAY_TOKEN"] { return client.with(token: token) }
            guard let username else {
                if anonymous { return client }
                throw ValidationError("pass --token, CAUSEWAY_TOKEN or --username")
            }
            let password = environment["CAUSEWAY_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            let (status, body) = try await client.send(.POST, "/api/v1/session", json: ["username": username, "password": password])
            guard status == 201, let token = body["token"] as? String else {
                throw ValidationError("sign-in failed: \(body["detail"] ?? body)")
            }
            return client.with(token: token)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// A signed-in connection to a node.
struct NodeClient: Sendable {
    let base: String
    let http: HTTPClient
    let token: String

    func with(token: String) -> NodeClient { NodeClient(base: base, http: http, token: token) }

    /// Sends a request and returns the status and the body as raw bytes.
    func raw(_ method: HTTPMethod, _ path: String, json: Any? = nil, body: Data? = nil, accept: String? = nil,
             timeout: TimeAmount = .seconds(60)) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let data = try body ?? json.map({ try JSONSerialization.data(withJSONObject: $0) }) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: data))
        }
        let response = try await http.execute(request, timeout: timeout)
        return (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 64 << 20)))
    }

    /// Sends a request and reads a JSON object back (empty when the body is not one).
    func send(_ method: HTTPMethod, _ path: String, json: Any? = nil) async throws -> (status: Int, body: [String: Any]) {
        let (status, data) = try await raw(method, path, json: json)
        return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    func shutdown() async throws {
        try await http.shutdown()
    }
}
