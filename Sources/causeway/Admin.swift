import ArgumentParser
import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import Logging

/// `causeway admin …`: bootstrap and maintenance commands that work on the database directly.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administer a Causeway deployment.",
        subcommands: [CreateUser.self, GenerateDatasets.self, RotateSigningKey.self, RotateSubjectKey.self, RotateMasterKey.self,
                      Backup.self, Restore.self])
}

/// Options every admin command shares: where the database is.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default ./causeway-data, or CAUSEWAY_DATA_DIR).")
    var dataDir: String?
    @Option(help: "Database URL (default: SQLite in the data directory, or CAUSEWAY_DATABASE).")
    var database: String?
    @Option(name: .customLong("master-key-file"),
            help: "The deployment's master key (default <data dir>/master-key, or CAUSEWAY_MASTER_KEY_FILE, or the key in CAUSEWAY_MASTER_KEY).")
    var masterKeyFile: String?

    /// Where the data directory, the database and the master key are, from the options or the environment.
    func configuration() throws -> NodeConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = NodeConfiguration()
        configuration.dataDirectory = dataDir ?? environment["CAUSEWAY_DATA_DIR"] ?? configuration.dataDirectory
        configuration.masterKeyFile = masterKeyFile ?? environment["CAUSEWAY_MASTER_KEY_FILE"]
        configuration.masterKey = environment["CAUSEWAY_MASTER_KEY"]
        if let database = database ?? environment["CAUSEWAY_DATABASE"] {
            configuration.database = try DatabaseLocation(parsing: database)
        }
        return configuration
    }

    func open() async throws -> CausewayNode {
        var logger = Logger(label: "causeway-admin")
        logger.logLevel = .warning
        return try await CausewayNode.start(try configuration(), logger: logger)
    }
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a user (or, with --replace, reset one). The password is read from standard input if not given.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Login name.") var username: String
    @Option(name: .customLong("display-name"), help: "Full name (default: the username).") var displayName: String?
    @Option(help: "Password; prefer standard input so it stays out of shell history.") var password: String?
    @Option(help: "agency:role, repeatable (roles: admin, steward, dpo, engineer, viewer).") var role: [String] = []
    @Flag(help: "Make the user a node operator.") var `operator` = false
    @Flag(help: "Overwrite an existing user.") var replace = false

    func run() async throws {
        var memberships: [Membership] = []
        for entry in role {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = Role(rawValue: parts[1]) else {
                throw ValidationError("--role takes agency:role, with role one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            memberships.append(Membership(agency: parts[0], role: role))
        }
        let user = User(username: username, displayName: displayName ?? username, memberships: memberships, isOperator: `operator`)
        do { try user.validate() } catch { throw ValidationError(error.errors.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; ")) }
        let secret = password ?? readLine(strippingNewline: true) ?? ""
        guard secret.count >= User.minimumPasswordLength else {
            throw ValidationError("the password must have at least \(User.minimumPasswordLength) characters")
        }
        let node = try await store.open()
        do {
            try await node.users.save(user, passwordHash: try await node.hasher.hash(secret), replace: replace)
        } catch let error as StoreError {
            await node.shutdown()
            switch error {
            case .conflict: throw ValidationError("user \(username) exists; pass --replace to reset it")
            case .notFound(_, let agency): throw ValidationError("no agency \(agency)")
            default: throw error
            }
        }
        await node.shutdown()
        print("created user \(username)")
    }
}

/// Replaces the key that signs gateway access tokens. Running nodes pick the new key up within
/// a second; tokens signed with the old one stay valid until they expire (5 minutes).
struct RotateSigningKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-signing-key", abstract: "Rotate the Ed25519 key that signs gateway access tokens.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let node = try await store.open()
        do {
            let kid = try await node.signingKeyRotation.rotate(by: "cli")
            await node.shutdown()
            print("new signing key \(kid); the previous key verifies its tokens until they expire")
        } catch {
            await node.shutdown()
            throw error
        }
    }
}

struct GenerateDatasets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-datasets",
        abstract: "Add generated, realistic datasets to the catalogue (for benchmarks and load tests).")

    @OptionGroup var store: StoreOptions
    @Option(help: "How many datasets.") var count: Int = 10_000
    @Option(help: "Seed; the same seed gives the same catalogue.") var seed: UInt64 = 1

    func run() async throws {
        guard count > 0, count <= 1_000_000 else { throw ValidationError("--count must be 1 to 1,000,000") }
        let node = try await store.open()
        let agencies = try await node.agencies.all().map(\.code)
        guard !agencies.isEmpty else {
            await node.shutdown()
            throw ValidationError("there are no agencies; start once with --demo or create some first")
        }
        var generator = DatasetGenerator(seed: seed)
        let start = try await node.datasets.count()
        var batch: [Dataset] = []
        let now = Date()
        for number in 0..<count {
            let draft = generator.draft(number: start + number, agencies: agencies)
            let issued = now.addingTimeInterval(-Double(number) * 3_600)
            batch.append(try draft.validated(id: UUID().uuidString.lowercased(), issued: issued, now: issued) {
                UUID().uuidString.lowercased()
            })
            if batch.count == 1_000 || number == count - 1 {
                try await node.datasets.createMany(batch)
                batch.removeAll(keepingCapacity: true)
                print("\(number + 1)/\(count)")
            }
        }
        await node.shutdown()
    }
}

/// Replaces the key that hashes `Causeway-Subject`. New calls are hashed with the new key;
/// the citizen's view still finds older entries, which keep the hash of the key they were
/// written with (every key the deployment has had is kept for that).
struct RotateSubjectKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-subject-key", abstract: "Rotate the key that hashes the person a gateway call is about.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let node = try await store.open()
        do {
            try await node.subjects.rotate()
            await node.shutdown()
            print("new subject key in use; running nodes pick it up within a second, and older entries stay findable")
        } catch {
            await node.shutdown()
            throw error
        }
    }
}

/// `causeway admin rotate-master-key`: re-seals every secret in the database under a new master
/// key, in one transaction, and writes the new key where the old one was read from (or to
/// `--new-key-file`). Running nodes keep the keys they opened; restart each with the new master
/// key (docs/operations.md § Keys).
struct RotateMasterKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-master-key",
        abstract: "Re-seal every key in the database under a new master key.",
        discussion: """
            The new key is written first, to --new-key-file or, when the old key came from a file, next to it as \
            <file>.new; then every secret is re-sealed in one transaction; then <file>.new replaces the old file. \
            If the command is interrupted after the commit, <file>.new holds the key the database now needs.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("new-key-file"), help: "Where to write the new master key (required when the old one came from CAUSEWAY_MASTER_KEY).")
    var newKeyFile: String?

    func run() async throws {
        let configuration = try store.configuration()
        let source = configuration.masterKeySource
        let target: String
        var replaces: String?
        switch source.location {
        case .file(let path), .dataDirectory(let path):
            target = newKeyFile ?? path + ".new"
            if newKeyFile == nil { replaces = path }
        case .environment:
            guard let newKeyFile else { throw ValidationError("the master key came from CAUSEWAY_MASTER_KEY: name --new-key-file") }
            target = newKeyFile
        }
        let next = MasterKey.generate()
        try MasterKeySource.write(next, to: target)
        let node = try await store.open()
        let count: Int
        do {
            count = try await node.vault.reseal(SecretRows(database: node.database), under: next)
            await node.shutdown()
        } catch {
            await node.shutdown()
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
        // rename(2) replaces the old file atomically: at every moment one of the two names
        // holds the key the database needs.
        if let replaces, rename(target, replaces) != 0 {
            throw ValidationError("the database now needs the key in \(target), which could not replace \(replaces): move it there by hand")
        }
        print("re-sealed \(count) secrets under the new master key (fingerprint \(next.fingerprint)), written to \(replaces ?? target)")
        print("restart every node with the new master key")
    }
}
