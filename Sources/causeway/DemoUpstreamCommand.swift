import ArgumentParser
import CausewayServer
import Hummingbird
import Logging

/// `causeway demo-upstream`: the health ministry's sample API, for the gateway tour. Run it
/// beside `causeway serve --demo`, which registers it as a service.
struct DemoUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-upstream", abstract: "Run the demo provider API (the vulnerable-persons service) the demo gateway calls.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = DemoUpstream.defaultPort

    func run() async throws {
        var logger = Logger(label: "demo-upstream")
        logger.logLevel = .info
        try await DemoUpstream(host: host, port: port, logger: logger).application().runService()
    }
}
