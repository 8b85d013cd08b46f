import CausewayStore
import Foundation
import Logging

/// Everything a node needs to start. The CLI fills it from flags, `CAUSEWAY_*` environment
/// variables and an optional JSON file; tests fill it directly.
public struct NodeConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where the SQLite file, keys and demo credentials live.
    public var dataDirectory: String
    /// nil: the SQLite file `causeway.sqlite` in the data directory.
    public var database: DatabaseLocation?
    public var logLevel: Logger.Level
    /// The URL clients reach this node at, used in links (DCAT IRIs, CKAN `site_url`).
    public var publicURL: String?
    /// Load the demo government on start.
    public var loadDemo: Bool
    /// With ``loadDemo``: also add weeks of generated gateway traffic to the log, so the
    /// transparency report and traffic pages show real numbers. Tests that count calls turn it
    /// off.
    public var loadDemoHistory = true
    /// With ``loadDemo``: how many addresses the demo's address register holds (the
    /// population register has a tenth as many people). Tests use a few hundred.
    public var demoAddressCount = 50_000
    public var siteTitle: String
    /// The largest upload into a hosted table, in bytes.
    public var maxUploadBytes: Int = 64 << 30
    /// Bytes of rendered record-query answers kept in memory (0: none). See ``ResponseCache``.
    public var recordsCacheBytes: Int = 64 << 20
    /// Bytes of rendered `package_search` answers kept in memory (0: none). See ``CKANSearchKey``.
    public var searchCacheBytes: Int = 32 << 20
    /// Database connections the node may open per event loop (one loop per core): a node on
    /// PostgreSQL holds up to cores × this, plus one listening connection, so N nodes need
    /// N × (cores × this + 1) of the server's `max_connections`.
    public var databaseConnections: Int = 4
    /// Whether the caller's address is the last `X-Forwarded-For` entry (behind the
    /// deployment's own balancer, which sets it) rather than the connection's peer. Only the
    /// address throttle of sign-ins and token requests uses it.
    public var trustForwardedFor = false
    /// How long a deleted dataset's hosted data is kept before it is purged.
    public var deletedDataRetention: Duration = .seconds(30 * 86_400)
    /// How long a registry's feed keeps its events (nil: forever). A reader further behind
    /// rebuilds from the records (the feed answers 410 with how).
    public var registryEventRetention: Duration?
    /// Whether webhooks may go to loopback, private and link-local addresses. Off by default:
    /// a subscriber could otherwise make the node call inside the agency's network.
    public var webhookAllowPrivateNetworks = false
    /// Contact tracing's rules, retention and code lifetimes (see docs/contact-tracing.md).
    public var tracing = TracingSettings()
    /// Whether a SQLite commit waits for the disk (see ``Database/SQLiteDurability``).
    public var sqliteDurability: Database.SQLiteDurability = .full
    /// Most gateway audit entries committed in one transaction (the log's group commit).
    public var auditBatchSize: Int = 1_000
    /// How long the log's sequencer waits for more entries before committing a batch. Zero
    /// (the default) commits as soon as the previous batch is done: batches then fill by
    /// themselves under load, and a lone call waits for nothing.
    public var auditBatchDelay: Duration = .zero
    /// A file holding the deployment's master key (see ``MasterKeySource``); nil: the
    /// `CAUSEWAY_MASTER_KEY` text in ``masterKey``, else `master-key` in the data directory.
    public var masterKeyFile: String?
    /// The master key itself, as base64 or hex (from `CAUSEWAY_MASTER_KEY`).
    public var masterKey: String?
    /// Whether a node on PostgreSQL listens for other nodes' changes (`LISTEN/NOTIFY`) instead
    /// of only polling once a second. Off only to measure what the notifications are worth.
    public var changeNotifications = true
    /// Where the demo's upstream API (`causeway demo-upstream`) runs; the demo registers it
    /// as the health ministry's vulnerable-persons service.
    /// The wall clock every part of the node reads: token lifetimes, agreements' validity,
    /// quotas, log entries, signatures, purges. Tests set it to move the whole node in time.
    public var clock: @Sendable () -> Date = { Date() }
    public var demoUpstreamURL = "http://127.0.0.1:\(DemoUpstream.defaultPort)"

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./causeway-data",
        database: DatabaseLocation? = nil, logLevel: Logger.Level = .info, publicURL: String? = nil,
        loadDemo: Bool = false, siteTitle: String = "Causeway"
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database
        self.logLevel = logLevel
        self.publicURL = publicURL
        self.loadDemo = loadDemo
        self.siteTitle = siteTitle
    }

    public var resolvedDatabase: DatabaseLocation {
        database ?? .sqlite(path: dataDirectory + "/causeway.sqlite")
    }

    public var resolvedPublicURL: String {
        var url = publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

extension NodeConfiguration {
    /// Where this node's settings say the deployment's master key comes from.
    public var masterKeySource: MasterKeySource {
        MasterKeySource(file: masterKeyFile, inline: masterKey, dataDirectory: dataDirectory)
    }
}
