import ArgumentParser
import CausewayCore
import CausewayServer
import CausewayStore
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SystemPackage

/// `causeway serve`: runs a node until SIGINT or SIGTERM, then drains and stops.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Causeway node.",
        discussion: """
            Settings come from these flags, then CAUSEWAY_* environment variables (CAUSEWAY_HOST, \
            CAUSEWAY_PORT, CAUSEWAY_DATA_DIR, CAUSEWAY_DATABASE, CAUSEWAY_LOG_LEVEL, CAUSEWAY_PUBLIC_URL, \
            CAUSEWAY_DEMO, CAUSEWAY_DEMO_ADDRESSES, CAUSEWAY_RECORDS_CACHE_MIB, CAUSEWAY_SEARCH_CACHE_MIB, CAUSEWAY_DEMO_UPSTREAM_URL, CAUSEWAY_AUDIT_BATCH_SIZE, \
            CAUSEWAY_AUDIT_BATCH_DELAY_MS, CAUSEWAY_SQLITE_DURABILITY, CAUSEWAY_MASTER_KEY_FILE, CAUSEWAY_MASTER_KEY, \
            CAUSEWAY_CHANGE_NOTIFICATIONS, CAUSEWAY_DATABASE_CONNECTIONS, CAUSEWAY_TRUST_FORWARDED_FOR, \
            CAUSEWAY_DELETED_DATA_RETENTION_DAYS, CAUSEWAY_REGISTRY_EVENT_RETENTION_DAYS, \
            CAUSEWAY_WEBHOOK_ALLOW_PRIVATE_NETWORKS, CAUSEWAY_TRACING_RULES, CAUSEWAY_TRACING_ORGANISATION, \
            CAUSEWAY_TRACING_RETENTION_DAYS), then the JSON file named by --config (keys host, port, dataDir, database, \
            logLevel, publicUrl, demo, demoAddresses, recordsCacheMib, searchCacheMib, demoUpstreamUrl, auditBatchSize, auditBatchDelayMs, sqliteDurability, \
            masterKeyFile, changeNotifications, databaseConnections, trustForwardedFor, deletedDataRetentionDays, registryEventRetentionDays, \
            webhookAllowPrivateNetworks, tracingRules, tracingOrganisation, tracingRetentionDays), then the defaults. CAUSEWAY_MASTER_KEY holds the master key itself (base64 or hex).
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Option(name: .customLong("data-dir"), help: "Directory for the SQLite file and keys (default ./causeway-data).")
    var dataDir: String?
    @Option(help: "postgres://user:pass@host:port/db, or sqlite:PATH (default: SQLite in the data directory).")
    var database: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?
    @Option(name: .customLong("public-url"), help: "The URL clients reach this node at, for links.")
    var publicURL: String?
    @Option(help: "A JSON configuration file.") var config: String?
    @Flag(help: "Load the demo government (idempotent) and write demo-credentials.json.") var demo = false
    @Option(name: .customLong("demo-addresses"), help: "With --demo: addresses in the demo's address register, on its first load (default 50000).")
    var demoAddresses: Int?
    @Option(name: .customLong("records-cache-mib"), help: "Memory for cached record-query answers, in MiB (default 64; 0 turns it off).")
    var recordsCacheMiB: Int?
    @Option(name: .customLong("search-cache-mib"), help: "Memory for cached package_search answers, in MiB (default 32; 0 turns it off).")
    var searchCacheMiB: Int?
    @Option(name: .customLong("demo-upstream-url"), help: "Where `causeway demo-upstream` runs (default http://127.0.0.1:8081), for --demo.")
    var demoUpstreamURL: String?
    @Option(name: .customLong("audit-batch-size"), help: "Most transparency-log entries committed together (default 1000).")
    var auditBatchSize: Int?
    @Option(name: .customLong("audit-batch-delay-ms"), help: "Milliseconds the log waits to fill a batch (default 0: commit at once).")
    var auditBatchDelayMs: Int?
    @Option(name: .customLong("sqlite-durability"),
            help: "full: a SQLite commit survives a power cut (default); normal: it survives a crash of the node, one disk sync fewer per commit.")
    var sqliteDurability: String?

    @Option(name: .customLong("master-key-file"),
            help: "The deployment's master key, which seals the keys kept in the database (default: <data dir>/master-key, created on first start).")
    var masterKeyFile: String?
    @Option(name: .customLong("change-notifications"),
            help: "on: nodes on PostgreSQL hear each other's changes at once (LISTEN/NOTIFY; default); off: they poll once a second.")
    var changeNotifications: String?
    @Option(name: .customLong("database-connections"),
            help: "Database connections per core (default 4); a node on PostgreSQL also keeps one to listen for changes.")
    var databaseConnections: Int?
    @Flag(name: .customLong("trust-forwarded-for"),
          help: "Behind the deployment's own balancer: take the caller's address from the last X-Forwarded-For entry (for throttling sign-ins).")
    var trustForwardedFor = false
    @Option(name: .customLong("deleted-data-retention-days"),
            help: "Days a deleted dataset's hosted data is kept before it is purged (default 30; 0 purges within the hour).")
    var deletedDataRetentionDays: Int?
    @Option(name: .customLong("registry-event-retention-days"),
            help: "Days a registry's change feed keeps its events (default 0: forever).")
    var registryEventRetentionDays: Int?
    @Flag(name: .customLong("webhook-allow-private-networks"),
          help: "Let registry webhooks go to loopback, private and link-local addresses (default: public addresses only).")
    var webhookAllowPrivateNetworks = false
    @Option(name: .customLong("tracing-rules"),
            help: "A JSON file of contact tracing's exposure rules (closeMeters, closeMinutes, casualMinutes, proximity…; see docs/contact-tracing.md).")
    var tracingRules: String?
    @Option(name: .customLong("tracing-organisation"), help: "The organisation code this authority's phones write in encounters (default CAUSEWAY).")
    var tracingOrganisation: String?
    @Option(name: .customLong("tracing-retention-days"), help: "Days contact tracing keeps encounters, contact lists and codes (default 21).")
    var tracingRetentionDays: Int?

    func run() async throws {
        let settings = try await Settings.read(
            flags: [
                "host": host.map(ConfigContent.string), "port": port.map(ConfigContent.int),
                "dataDir": dataDir.map(ConfigContent.string), "database": database.map(ConfigContent.string),
                "logLevel": logLevel.map(ConfigContent.string), "publicUrl": publicURL.map(ConfigContent.string),
                "demo": demo ? ConfigContent.bool(true) : nil,
                "demoAddresses": demoAddresses.map(ConfigContent.int),
                "recordsCacheMib": recordsCacheMiB.map(ConfigContent.int),
                "searchCacheMib": searchCacheMiB.map(ConfigContent.int),
                "demoUpstreamUrl": demoUpstreamURL.map(ConfigContent.string),
                "auditBatchSize": auditBatchSize.map(ConfigContent.int),
                "auditBatchDelayMs": auditBatchDelayMs.map(ConfigContent.int),
                "sqliteDurability": sqliteDurability.map(ConfigContent.string),
                "masterKeyFile": masterKeyFile.map(ConfigContent.string),
                "changeNotifications": changeNotifications.map(ConfigContent.string),
                "databaseConnections": databaseConnections.map(ConfigContent.int),
                "trustForwardedFor": trustForwardedFor ? ConfigContent.bool(true) : nil,
                "deletedDataRetentionDays": deletedDataRetentionDays.map(ConfigContent.int),
                "registryEventRetentionDays": registryEventRetentionDays.map(ConfigContent.int),
                "webhookAllowPrivateNetworks": webhookAllowPrivateNetworks ? ConfigContent.bool(true) : nil,
                "tracingRules": tracingRules.map(ConfigContent.string),
                "tracingOrganisation": tracingOrganisation.map(ConfigContent.string),
                "tracingRetentionDays": tracingRetentionDays.map(ConfigContent.int),
            ],
            file: config)
        let configuration = try settings.nodeConfiguration()

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "causeway")
        logger.info("starting", metadata: [
            "database": "\(configuration.resolvedDatabase)", "dataDir": "\(configuration.dataDirectory)",
            "address": "\(configuration.host):\(configuration.port)",
        ])
        // One node per data directory; `admin restore` checks the same lock.
        let lock = try DataDirectoryLock.acquire(in: configuration.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let node = try await CausewayNode.start(configuration, logger: logger)
        do {
            try await node.application(metrics: registry).runService()
        } catch {
            await node.shutdown()
            throw error
        }
        await node.shutdown()
        logger.info("stopped")
    }
}

/// Reads the layered settings.
struct Settings {
    let reader: ConfigReader

    static func read(flags: [String: ConfigContent?], file: String?) async throws -> Settings {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, content) in flags {
            if let content { values[AbsoluteConfigKey(stringLiteral: key)] = ConfigValue(content, isSecret: key == "database") }
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(secretsSpecifier: .specific(["CAUSEWAY_DATABASE", "CAUSEWAY_MASTER_KEY"])).prefixKeys(with: "causeway"),
        ]
        if let file {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw ValidationError("cannot read configuration file \(file): \(error)")
            }
        }
        return Settings(reader: ConfigReader(providers: providers))
    }

    func nodeConfiguration() throws -> NodeConfiguration {
        var configuration = NodeConfiguration()
        configuration.host = reader.string(forKey: "host", default: configuration.host)
        configuration.port = reader.int(forKey: "port", default: configuration.port)
        guard (1...65_535).contains(configuration.port) else { throw ValidationError("port must be 1 to 65535") }
        configuration.dataDirectory = reader.string(forKey: "dataDir", default: configuration.dataDirectory)
        if let database = reader.string(forKey: "database", isSecret: true) {
            do {
                configuration.database = try DatabaseLocation(parsing: database)
            } catch {
                throw ValidationError("database must be postgres://… or sqlite:PATH")
            }
        }
        let level = reader.string(forKey: "logLevel", default: "info")
        guard let parsed = Logger.Level(rawValue: level) else {
            throw ValidationError("log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        configuration.logLevel = parsed
        configuration.publicURL = reader.string(forKey: "publicUrl")
        configuration.loadDemo = reader.bool(forKey: "demo", default: false)
        configuration.demoAddressCount = reader.int(forKey: "demoAddresses", default: configuration.demoAddressCount)
        guard (10...10_000_000).contains(configuration.demoAddressCount) else { throw ValidationError("demo addresses must be 10 to 10000000") }
        let cacheMiB = reader.int(forKey: "recordsCacheMib", default: configuration.recordsCacheBytes >> 20)
        guard (0...(1 << 20)).contains(cacheMiB) else { throw ValidationError("records cache must be 0 to 1048576 MiB") }
        configuration.recordsCacheBytes = cacheMiB << 20
        let searchCacheMiB = reader.int(forKey: "searchCacheMib", default: configuration.searchCacheBytes >> 20)
        guard (0...(1 << 20)).contains(searchCacheMiB) else { throw ValidationError("search cache must be 0 to 1048576 MiB") }
        configuration.searchCacheBytes = searchCacheMiB << 20
        configuration.demoUpstreamURL = reader.string(forKey: "demoUpstreamUrl", default: configuration.demoUpstreamURL)
        configuration.auditBatchSize = reader.int(forKey: "auditBatchSize", default: configuration.auditBatchSize)
        guard (1...100_000).contains(configuration.auditBatchSize) else { throw ValidationError("audit batch size must be 1 to 100000") }
        let delay = reader.int(forKey: "auditBatchDelayMs", default: 0)
        guard (0...1_000).contains(delay) else { throw ValidationError("audit batch delay must be 0 to 1000 ms") }
        configuration.auditBatchDelay = .milliseconds(delay)
        let durability = reader.string(forKey: "sqliteDurability", default: "full")
        guard let chosen = Database.SQLiteDurability(rawValue: durability) else { throw ValidationError("sqlite durability must be full or normal") }
        configuration.sqliteDurability = chosen
        configuration.databaseConnections = reader.int(forKey: "databaseConnections", default: configuration.databaseConnections)
        guard (1...256).contains(configuration.databaseConnections) else { throw ValidationError("database connections must be 1 to 256") }
        configuration.trustForwardedFor = reader.bool(forKey: "trustForwardedFor", default: false)
        let retentionDays = reader.int(forKey: "deletedDataRetentionDays", default: 30)
        guard (0...3_650).contains(retentionDays) else { throw ValidationError("deleted data retention must be 0 to 3650 days") }
        configuration.deletedDataRetention = .seconds(retentionDays * 86_400)
        let eventDays = reader.int(forKey: "registryEventRetentionDays", default: 0)
        guard (0...36_500).contains(eventDays) else { throw ValidationError("registry event retention must be 0 (forever) to 36500 days") }
        configuration.registryEventRetention = eventDays == 0 ? nil : .seconds(eventDays * 86_400)
        configuration.webhookAllowPrivateNetworks = reader.bool(forKey: "webhookAllowPrivateNetworks", default: false)
        if let path = reader.string(forKey: "tracingRules") {
            do {
                let rules = try JSONDecoder().decode(ExposureRules.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                try rules.validate()
                configuration.tracing.rules = rules
            } catch {
                throw ValidationError("tracing rules in \(path): \(error)")
            }
        }
        configuration.tracing.organisation = reader.string(forKey: "tracingOrganisation", default: configuration.tracing.organisation)
        let tracingDays = reader.int(forKey: "tracingRetentionDays", default: 21)
        guard (1...365).contains(tracingDays) else { throw ValidationError("tracing retention must be 1 to 365 days") }
        configuration.tracing.retention = TimeInterval(tracingDays * 86_400)
        configuration.masterKeyFile = reader.string(forKey: "masterKeyFile")
        configuration.masterKey = reader.string(forKey: "masterKey", isSecret: true)
        switch reader.string(forKey: "changeNotifications", default: "on") {
        case "on": configuration.changeNotifications = true
        case "off": configuration.changeNotifications = false
        default: throw ValidationError("change notifications must be on or off")
        }
        return configuration
    }
}
