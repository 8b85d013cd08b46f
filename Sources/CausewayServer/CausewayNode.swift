import CausewayCore
import CausewayStore
import Crypto
import Foundation
import AsyncHTTPClient
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// A running Causeway node's parts, wired together: the database, the repositories, the
/// catalogue service and the HTTP application. `serve` runs it; tests build one per test on
/// their own data directory.
public struct CausewayNode: Sendable {
    public let configuration: NodeConfiguration
    public let database: Database
    public let catalog: CatalogService
    public let datasets: DatasetRepository
    public let agencies: AgencyRepository
    public let users: UserRepository
    public let secrets: ClientSecretRepository
    public let tokens: SessionTokens
    public let hasher: PasswordHasher
    public let hostedData: HostedDataRepository
    public let uploads: UploadService
    public let agreements: AgreementRepository
    public let policy: PolicyService
    public let auditOutbox: AuditOutbox
    /// Where audit events go once committed (the transparency log, later).
    public let auditSink: any AuditSink
    let auditRelay: AuditRelay
    /// Signs and verifies the gateway's access tokens.
    public let accessTokens: AccessTokens
    /// Commits each gateway call's audit event before the call is answered.
    public let auditWriter: AuditWriter
    /// The transparency log's entries, tree and checkpoints.
    public let log: TransparencyLog
    /// Signs the log's checkpoints with the key in the data directory.
    public let checkpoints: CheckpointPublisher
    /// Seals and opens the secrets kept in the database, under the deployment's master key.
    public let vault: KeyVault
    /// Hashes `Causeway-Subject`; rotatable, shared by the deployment's nodes.
    public let subjects: SubjectKeyring
    let quotas = QuotaCounter()
    /// Rung when a linkage project has all its encodings, for this node's ``LinkageWorker``.
    let linkageDoorbell = Doorbell()
    /// The gateway's upstream client: pooled connections, shared by all calls.
    let upstream: HTTPClient
    public let logger: Logger
    let dummyHash: String
    /// The portal's and console's templates and assets, parsed at start.
    let pages: Pages
    /// The registries, their records, feeds and reports.
    public let registries: RegistryRepository
    /// This node's view of the registries and their live feeds.
    let registryDirectory: RegistryDirectory
    /// Address indexes for `/match`, built on first use.
    let addressMatching: AddressMatching
    /// Bulk address matches in progress on this node.
    let matchJobs: MatchJobs
    /// Signs webhook deliveries and derives each subscription's secret.
    let webhookKeys: WebhookKeys
    /// Contact tracing's storage, TempID keys, phone-number hash key and SMS sender.
    public let tracing: TracingRepository
    let tempIDKeys: TempIDKeyring
    let tracingPhoneKey: SymmetricKey
    let sms: any SMSSender

    /// The node's wall clock (``NodeConfiguration/clock``), which every part reads.
    public var clock: @Sendable () -> Date { configuration.clock }

    /// Opens the database, applies migrations, loads the demo when asked, and builds the
    /// first catalogue snapshot, so that the node answers correctly from its first request.
    public static func start(_ configuration: NodeConfiguration, logger: Logger, hasher: PasswordHasher = PasswordHasher(),
                             auditSink: (any AuditSink)? = nil) async throws -> CausewayNode {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let database = try await Database.open(configuration.resolvedDatabase, logger: logger,
                                               maxConnections: configuration.databaseConnections,
                                               sqliteDurability: configuration.sqliteDurability)
        do {
            try await Migrations.apply(to: database)
            let keys = NodeKeyRepository(database: database)
            let vault = try await Self.vault(configuration, keys: keys, database: database)
            let secret = try await vault.value(named: "session-hmac", in: keys) {
                Data(ClientSecretFactory.make().secret.utf8).base64EncodedString()
            }
            let tokens = await SessionTokens(secret: Data(base64Encoded: secret) ?? Data(secret.utf8), clock: configuration.clock)
            let subjects = SubjectKeyring(keys: keys, vault: vault, logger: logger)
            try await subjects.start()
            let datasets = DatasetRepository(database: database)
            let agencies = AgencyRepository(database: database)
            let catalog = CatalogService(datasets: datasets, agencies: agencies, renderings: [CKANPackage.rendering], logger: logger)
            let hostedData = HostedDataRepository(database: database)
            let uploads = UploadService(
                jobs: JobRepository(database: database), data: hostedData, catalog: catalog,
                spool: UploadSpool(directory: configuration.dataDirectory + "/uploads"), logger: logger, clock: configuration.clock)
            let secrets = ClientSecretRepository(database: database)
            let sink = auditSink ?? LogAuditSink(logger: logger)
            let agreements = AgreementRepository(database: database)
            let log = TransparencyLog(database: database)
            let signer = try await Self.logSigner(configuration, keys: keys, vault: vault, logger: logger)
            let directory = RegistryDirectory(repository: RegistryRepository(database: database), logger: logger)
            let node = CausewayNode(
                configuration: configuration, database: database, catalog: catalog,
                datasets: datasets, agencies: agencies, users: UserRepository(database: database),
                secrets: secrets, tokens: tokens, hasher: hasher,
                hostedData: hostedData, uploads: uploads, agreements: agreements,
                policy: PolicyService(agreements: agreements, secrets: secrets, services: ServiceRepository(database: database), logger: logger),
                auditOutbox: AuditOutbox(database: database), auditSink: sink,
                auditRelay: AuditRelay(outbox: AuditOutbox(database: database), sink: sink, logger: logger),
                accessTokens: AccessTokens(keys: SigningKeyRepository(database: database), vault: vault, issuer: configuration.resolvedPublicURL,
                                           logger: logger, clock: configuration.clock),
                auditWriter: AuditWriter(log: log.appender, logger: logger, maxBatch: configuration.auditBatchSize,
                                         delay: configuration.auditBatchDelay),
                log: log, checkpoints: CheckpointPublisher(log: log.reader, store: log.checkpoints, signer: signer, logger: logger,
                                                           memory: configuration.dataDirectory + "/published-checkpoint", clock: configuration.clock),
                vault: vault, subjects: subjects,
                upstream: Self.upstreamClient(),
                logger: logger,
                dummyHash: try await hasher.hash(UUID().uuidString),
                pages: Pages(library: try PageLibrary(), assets: StaticAssets(), site: configuration.siteTitle),
                registries: RegistryRepository(database: database),
                registryDirectory: directory,
                addressMatching: AddressMatching(repository: RegistryRepository(database: database), directory: directory),
                matchJobs: MatchJobs(directory: configuration.dataDirectory + "/match-jobs"),
                webhookKeys: try await WebhookKeys.load(vault: vault, keys: keys),
                tracing: TracingRepository(database: database),
                tempIDKeys: TempIDKeyring(repository: TracingRepository(database: database), vault: vault,
                                          lifetime: configuration.tracing.keyLifetime),
                tracingPhoneKey: SymmetricKey(data: Data(base64Encoded: try await vault.value(named: TracingService.phoneKeyName, in: keys) {
                    SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
                }) ?? Data()),
                sms: OutboxSMSSender(path: configuration.dataDirectory + "/sms-outbox.jsonl"))
            do {
                // The key is checked first: a node that would sign a conflicting log changes nothing.
                try await node.checkpoints.checkKey()
                try await node.checkpoints.checkNotRolledBack()
                if configuration.loadDemo {
                    try await node.demoLoader().load()
                    // The demo's agreement events reach the log sink now, before the server
                    // says it listens, so that line is the last one a first start prints.
                    try await node.auditRelay.deliver()
                }
                try await node.catalog.refresh()
                try await node.registryDirectory.refresh()
                try await node.policy.refresh()
                try await node.accessTokens.start()
                try await node.checkpoints.publish()
                return node
            } catch {
                // The node owns the upstream client as well as the database from here on.
                try? await node.upstream.shutdown()
                throw error
            }
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The deployment's master key, made into the vault every stored secret goes through. On
    /// the deployment's first start (no log key stored yet) a missing data-directory key is
    /// created; values an older release stored in clear are sealed now.
    static func vault(_ configuration: NodeConfiguration, keys: NodeKeyRepository, database: Database) async throws -> KeyVault {
        let source = configuration.masterKeySource
        let master = try source.load(mayCreate: try await keys.value(named: LogSigningKey.name) == nil)
        let vault = KeyVault(master: master, location: source.location)
        try await vault.sealLegacyValues(in: SecretRows(database: database))
        return vault
    }

    /// Opens the deployment's log key: created on the deployment's first start, read by every
    /// node after that.
    static func logSigner(_ configuration: NodeConfiguration, keys: NodeKeyRepository, vault: KeyVault, logger: Logger) async throws -> NoteSigner {
        let origin = LogSigningKey.defaultOrigin(publicURL: configuration.resolvedPublicURL)
        let signer = try await LogSigningKey(keys: keys, vault: vault).loadOrCreate(dataDirectory: configuration.dataDirectory, origin: origin)
        if configuration.publicURL != nil, signer.name != origin {
            logger.warning("the log keeps the origin it was created with, not this node's public URL", metadata: [
                "origin": "\(signer.name)", "publicURL": "\(configuration.resolvedPublicURL)"])
        }
        return signer
    }

    /// The gateway's upstream client: no redirects followed (the provider's answer is the
    /// answer), no decompression, and no tracing spans — the node bootstraps no tracer, and
    /// the spans' attributes cost every call 1.5% of the node's CPU for nothing.
    static func upstreamClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)),
                                                     decompression: .disabled)
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The HTTP application. `metrics` is the registry `/metrics` exposes (nil: no endpoint).
    /// `listening` is told the port the server bound (useful with port 0: a simulation or a
    /// test that runs a node in its own process).
    public func application(metrics: PrometheusCollectorRegistry? = nil,
                            listening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(metrics: metrics),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Causeway"),
            services: backgroundServices(),
            onServerRunning: { channel in await listening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Every route of the node, each capability's routes built apart and mounted here.
    func router(metrics: PrometheusCollectorRegistry? = nil) -> Router<CausewayContext> {
        let router = Router(context: CausewayContext.self)
        // Outermost, so that problems and not-found answers carry the headers too.
        router.add(middleware: SecurityHeadersMiddleware(https: configuration.resolvedPublicURL.lowercased().hasPrefix("https://")))
        router.add(middleware: ProblemMiddleware(allowedMethods: AllowedMethods(
            openAPI: OpenAPIDocument.json, extra: OpenAPIDocument.undescribed + SiteMap.all)))
        router.add(middleware: RequestLimitsMiddleware())
        if metrics != nil { router.add(middleware: MetricsMiddleware()) }
        let authentication = AuthenticationMiddleware(tokens: tokens, users: users)

        HealthRoutes(database: database).register(on: router)
        if let metrics {
            router.get("metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
            }
        }
        let openAPI = ByteBuffer(bytes: OpenAPIDocument.bytes)
        router.get("openapi.json") { _, _ in JSONResponse.bytes(openAPI) }
        let baseURL = configuration.resolvedPublicURL
        let title = configuration.siteTitle
        DCATRoutes(catalog: catalog, services: { [policy] in policy.snapshot.allServices }, baseURL: baseURL, title: title, clock: clock).register(on: router)

        let throttle = SignInGuard(failures: SignInFailureRepository(database: database), audit: auditWriter, subjects: subjects,
                                   trustForwardedFor: configuration.trustForwardedFor, clock: clock)
        let signIn = PasswordSignIn(users: users, tokens: tokens, hasher: hasher, dummyHash: dummyHash, throttle: throttle)
        OAuthRoutes(tokens: accessTokens, secrets: secrets, throttle: throttle).register(on: router)
        let api = router.group("api/v1").add(middleware: authentication)
        SessionRoutes(signIn: signIn).register(on: api)
        // Phones authenticate with their own credential, not a person's session.
        let tracingService = self.tracingService(throttle: throttle)
        TracingDeviceRoutes(service: tracingService, log: log.reader, throttle: throttle).register(on: router.group("api/v1/tracing"))
        TracingRoutes(service: tracingService).register(on: api)
        let credentials = SystemCredentials(agencies: agencies, secrets: secrets, credentialsChanged: policy.refresh, clock: clock)
        AgencyRoutes(credentials: credentials, catalog: catalog).register(on: api)
        let editor = DatasetEditor(catalog: catalog, datasets: datasets, clock: clock)
        DatasetRoutes(editor: editor).register(on: api)
        AccessChangeRoutes(catalog: catalog, datasets: datasets, changes: AccessChangeRepository(database: database), clock: clock).register(on: api)
        UploadRoutes(catalog: catalog, uploads: uploads, data: hostedData, maxUploadBytes: configuration.maxUploadBytes, clock: clock)
            .register(on: api)
        AgreementRoutes(service: agreementService(clock: clock), baseURL: baseURL).register(on: api)
        let serviceRegistration = ServiceRegistration(services: ServiceRepository(database: database), policy: policy)
        ServiceRoutes(registration: serviceRegistration).register(on: api)
        let access = HostedAccess(catalog: catalog, data: hostedData)
        let gate = ExchangeGate(tokens: accessTokens, policy: policy, quotas: quotas, subjects: subjects, clock: clock)
        let responder = ExchangeResponder(audit: auditWriter)
        ExchangeRoutes(gate: gate, catalog: catalog, access: access, data: hostedData, responder: responder).register(on: router)
        ExchangeProxy(gate: gate, policy: policy, tokens: accessTokens, client: upstream, responder: responder).register(on: router)
        let privacy = PrivacyService(access: access, data: hostedData, ledger: PrivacyLedger(database: database), clock: clock)
        PrivacyRoutes(gate: gate, catalog: catalog, service: privacy, responder: responder, tokens: accessTokens, policy: policy).register(on: router)
        PrivacyStewardRoutes(service: privacy, releases: privacyReleases(editor: editor), policy: policy).register(on: api)
        LinkageRoutes(service: linkageService).register(on: api)
        RecordRoutes(access: access, data: hostedData).register(on: api)
        let registryService = self.registryService(editor: editor)
        let feed = RegistryFeed(repository: registries, directory: registryDirectory, baseURL: baseURL)
        RegistryRoutes(service: registryService).register(on: api)
        RegistryFeedRoutes(service: registryService, feed: feed).register(on: api)
        MatchRoutes(service: registryService, matching: addressMatching, jobs: matchJobs).register(on: api)
        SubscriptionRoutes(subscriptions: webhookSubscriptions(registryService)).register(on: api)
        RegistryExchangeRoutes(gate: gate, directory: registryDirectory, repository: registries, feed: feed, responder: responder)
            .register(on: router)
        TransparencyRoutes(log: log.reader, checkpoints: checkpoints).register(on: router)
        CitizenRoutes(log: log.reader, checkpoints: checkpoints, subjects: subjects, tokens: accessTokens, agencies: agencies, policy: policy).register(on: router)
        CKANRoutes(catalog: catalog, siteTitle: title, siteURL: baseURL, authentication: authentication,
                   dataStore: CKANDataStore(access: access, data: hostedData, datasets: datasets, clock: clock,
                                             cache: ResponseCache(capacity: configuration.recordsCacheBytes)),
                   editor: DatasetEditor(catalog: catalog, datasets: datasets, clock: clock), agencies: agencies,
                   searchCache: ResponseCache(capacity: configuration.searchCacheBytes), clock: clock)
            .register(on: router)

        pages.assets.register(on: router)
        let html = router.group().add(middleware: PageErrorMiddleware(pages: pages))
        PortalRoutes(pages: pages, catalog: catalog, policy: policy, checkpoints: checkpoints, log: log.reader, access: access,
                     data: hostedData, baseURL: baseURL, clock: clock).register(on: html)
        RegistryPortalRoutes(pages: pages, service: registryService, matching: addressMatching, catalog: catalog).register(on: html)
        let session = ConsoleSession(signIn: signIn, https: baseURL.lowercased().hasPrefix("https://"))
        let jobs = JobRepository(database: database)
        ConsoleSignInRoutes(pages: pages, session: session, clock: clock).register(on: html)
        let registryConsole = RegistryConsole(service: registryService, subscriptions: webhookSubscriptions(registryService))
        ConsoleAgreementRoutes(pages: pages, session: session, service: agreementService(), agencies: agencies, policy: policy, jobs: jobs,
                               registries: registryConsole,
                               baseURL: baseURL, clock: clock).register(on: html)
        ConsoleDatasetRoutes(pages: pages, session: session, editor: editor, uploads: uploads, data: hostedData, jobs: jobs,
                             maxUploadBytes: configuration.maxUploadBytes, clock: clock).register(on: html)
        ConsoleSystemRoutes(pages: pages, session: session, credentials: credentials, services: serviceRegistration, catalog: catalog,
                            baseURL: baseURL)
            .register(on: html)
        ConsoleRegistryRoutes(pages: pages, session: session, console: registryConsole, catalog: catalog).register(on: html)
        ConsoleTrafficRoutes(pages: pages, session: session, catalog: catalog, log: log.reader, checkpoints: checkpoints, clock: clock)
            .register(on: html)
        ConsoleTracingRoutes(pages: pages, session: session, service: tracingService).register(on: html)
        ConsolePrivacyRoutes(pages: pages, session: session, service: privacy, policy: policy).register(on: html)
        ConsoleLinkageRoutes(pages: pages, session: session, service: linkageService, policy: policy).register(on: html)
        ConsoleOperatorRoutes(pages: pages, session: session, publicURL: baseURL, dataDirectory: configuration.dataDirectory, database: database,
                              rotation: signingKeyRotation,
                              roles: UserRoles(users: users, log: log.appender, clock: clock),
                              spend: QuotaSpendRepository(database: database), catalog: catalog, clock: clock).register(on: html)
        return router
    }

    /// What runs beside the HTTP server: the loops that keep this node's snapshots in step with
    /// the database, the log's writer and checkpoint signer, and storage housekeeping.
    func backgroundServices() -> [any Service] {
        let hostedWatcher = HostedDataWatcher(data: hostedData, logger: logger)
        var services: [any Service] = [
            catalog, uploads, hostedWatcher, policy, registryDirectory, auditRelay, accessTokens, auditWriter, checkpoints, subjects,
            QuotaSync(spend: QuotaSpendRepository(database: database), quotas: quotas, logger: logger, clock: clock),
            DeletedDataPurger(purge: DeletedDataPurge(database: database), retention: configuration.deletedDataRetention, logger: logger, clock: clock),
        ]
        services.append(webhookDeliverer)
        services.append(TracingRetention(repository: tracing, settings: configuration.tracing, logger: logger, clock: clock))
        services.append(linkageWorker)
        if let retention = configuration.registryEventRetention {
            services.append(RegistryFeedPurger(repository: registries, retention: retention, logger: logger, clock: clock))
        }
        switch database.engine {
        case .sqlite:
            services.append(WALCheckpointer(database: database, logger: logger))
        case .postgres where configuration.changeNotifications:
            services.append(RevisionWatcher(database: database, bells: [
                "catalog": [catalog.changes], "hosted-data": [hostedWatcher.changes],
                "agreements": [policy.changes], "services": [policy.changes],
                "credentials": [policy.changes, subjects.changes], "signing-keys": [accessTokens.changes],
                "registries": [registryDirectory.changes],
            ], logger: logger))
        case .postgres:
            break
        }
        return services
    }

    /// The demo government's loader, over this node's repositories.
    func demoLoader() -> DemoLoader {
        let agreementLoader = DemoAgreementLoader(
            services: ServiceRepository(database: database), agreements: agreements, users: users, policy: policy,
            service: { [self] clock in agreementService(clock: clock) }, upstreamURL: configuration.demoUpstreamURL, clock: clock)
        return DemoLoader(agencies: agencies, users: users, hasher: hasher, secrets: secrets, datasets: datasets, catalog: catalog,
                          agreements: agreementLoader, data: DemoData(catalog: catalog, uploads: uploads, data: hostedData),
                          registers: DemoRegisters(service: registryService(), users: users, addressCount: configuration.demoAddressCount),
                          history: DemoHistoryLoader(log: log, agreements: agreements, clock: clock),
                          release: DemoRelease(releases: privacyReleases(), users: users, catalog: catalog), loadHistory: configuration.loadDemoHistory,
                          dataDirectory: configuration.dataDirectory, logger: logger)
    }

    /// Stewards' releases of noisy tables, over this node's catalogue and hosted data.
    func privacyReleases(editor: DatasetEditor? = nil) -> PrivacyReleases {
        PrivacyReleases(catalog: catalog, access: HostedAccess(catalog: catalog, data: hostedData), data: hostedData,
                        ledger: PrivacyLedger(database: database), editor: editor ?? DatasetEditor(catalog: catalog, datasets: datasets, clock: clock),
                        uploads: uploads, clock: clock)
    }

    func tracingService(throttle: SignInGuard) -> TracingService {
        TracingService(repository: tracing, keyring: tempIDKeys, vault: vault, phoneKey: tracingPhoneKey, subjects: subjects, log: log.appender,
                       sms: sms, throttle: throttle, settings: configuration.tracing, clock: clock)
    }

    var linkageService: LinkageService {
        LinkageService(repository: LinkageRepository(database: database), agreements: agreements, log: log.appender,
                       doorbell: linkageDoorbell, clock: clock)
    }

    var linkageWorker: LinkageWorker {
        LinkageWorker(repository: LinkageRepository(database: database), doorbell: linkageDoorbell, logger: logger, clock: clock)
    }

    func registryService(editor: DatasetEditor? = nil) -> RegistryService {
        RegistryService(repository: registries, directory: registryDirectory,
                        editor: editor ?? DatasetEditor(catalog: catalog, datasets: datasets, clock: clock),
                        log: log.appender, baseURL: configuration.resolvedPublicURL, clock: clock)
    }

    var webhookAddresses: WebhookAddressCheck {
        WebhookAddressCheck(allowPrivateNetworks: configuration.webhookAllowPrivateNetworks)
    }

    func webhookSubscriptions(_ registryService: RegistryService? = nil) -> WebhookSubscriptions {
        WebhookSubscriptions(registries: registryService ?? self.registryService(), repository: WebhookRepository(database: database),
                             addresses: webhookAddresses, keys: webhookKeys, directory: registryDirectory)
    }

    /// Pushes registry feeds to webhooks, over the gateway's HTTP client (no redirects).
    var webhookDeliverer: WebhookDeliverer {
        WebhookDeliverer(subscriptions: WebhookRepository(database: database), directory: registryDirectory,
                         delivery: WebhookDelivery(client: upstream, keys: webhookKeys, baseURL: configuration.resolvedPublicURL, clock: clock),
                         addresses: webhookAddresses, logger: logger, clock: clock)
    }

    func agreementService(clock: (@Sendable () -> Date)? = nil) -> AgreementService {
        AgreementService(agreements: agreements, agencies: agencies, catalog: catalog, policy: policy, clock: clock ?? self.clock)
    }

    /// Rotates the gateway's token-signing key, with an entry in the log.
    public var signingKeyRotation: SigningKeyRotation {
        SigningKeyRotation(tokens: accessTokens, log: log.appender, clock: clock)
    }

    /// Delivers waiting audit events to the sink now (the relay does it every 250 ms while the
    /// application runs); for commands and tests that need the events out before going on.
    @discardableResult
    public func deliverAuditEvents() async throws -> Int {
        try await auditRelay.deliver()
    }

    public func shutdown() async {
        try? await upstream.shutdown()
        await database.shutdown()
    }
}
