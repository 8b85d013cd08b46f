import ArgumentParser

/// The `causeway` command: one binary for the node and its administration.
@main
struct Causeway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "causeway",
        abstract: "Causeway: a data exchange platform for the public sector.",
        subcommands: [Serve.self, Admin.self, DataCommand.self, AgreementsCommand.self, AuditCommand.self, RegistryCommand.self, TracingCommand.self, LinkCommand.self, DemoUpstreamCommand.self],
        defaultSubcommand: Serve.self
    )
}
