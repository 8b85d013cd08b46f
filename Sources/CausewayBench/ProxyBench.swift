import ArgumentParser
import AsyncHTTPClient
import Hummingbird
import NIOCore

/// `causeway-bench proxy`: the same two libraries the gateway forwards with (Hummingbird in,
/// async-http-client out) with nothing between them — no token, agreement, signature,
/// reduction or audit. `bench/gateway.sh` measures it beside nginx and the gateway, so the
/// report separates what the frameworks cost from what Causeway's checks cost.
struct ProxyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "proxy")

    @Option(help: "Loopback port to listen on.") var port: Int
    @Option(help: "Upstream base URL; the request's path is appended.") var upstream: String
    @Option(help: "Upstream connections per host (async-http-client's soft limit).") var upstreamConnections = 8

    func run() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: upstreamConnections)
        // As the node's client: no tracing spans.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let base = upstream
        let router = Router()
        router.get("**") { request, _ -> Response in
            let answer = try await client.execute(HTTPClientRequest(url: base + request.uri.path), timeout: .seconds(10))
            let body = try await answer.body.collect(upTo: 1 << 20)
            return Response(status: .init(code: Int(answer.status.code)),
                            headers: [.contentType: answer.headers.first(name: "content-type") ?? "application/octet-stream"],
                            body: .init(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        do {
            try await app.runService()
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
