import ArgumentParser
import AsyncHTTPClient
import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat

/// `causeway audit …`: checks of the transparency log, locally and from outside.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify and monitor the transparency log.", subcommands: [Verify.self, Monitor.self])

    /// Recomputes the tree from the stored entries and checks tiles, head and every checkpoint.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the log from its entries and check every checkpoint (exit 1 if anything is wrong).",
            discussion: """
                Reads the database without changing it. The log key is read from the data directory unless \
                --key gives the public verifier key. The newest checkpoint that verified is remembered in \
                --state (default <data dir>/audit-verified-checkpoint), outside the database, so that the \
                next run detects a database restored from an older copy.
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "The log's verifier key (name+id+key, as GET /log/key gives it) instead of the data directory's key file.")
        var key: String?
        @Option(help: "Where the last verified checkpoint is remembered.") var state: String?

        func run() async throws {
            let configuration = try store.configuration()
            let directory = configuration.dataDirectory
            let location = configuration.resolvedDatabase
            if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("no database at \(path)")
            }
            var logger = Logger(label: "causeway-audit")
            logger.logLevel = .warning
            let db = try await Database.open(location, logger: logger)
            let statePath = state ?? directory + "/audit-verified-checkpoint"
            let report: LogAuditor.Report
            let verifier: NoteVerifier
            do {
                let version = try await Migrations.currentVersion(of: db)
                guard version == Migrations.latestVersion else {
                    throw ValidationError("the database is at schema \(version), this binary expects \(Migrations.latestVersion); start the node once")
                }
                verifier = try await Self.verifier(key: key, configuration: configuration, database: db)
                let remembered = try? String(contentsOfFile: statePath, encoding: .utf8)
                report = try await LogAuditor(log: TransparencyLog(database: db), verifier: verifier).verify(remembered: remembered) { done in
                    FileHandle.standardError.write(Data("\rchecked \(done) entries".utf8))
                }
                await db.shutdown()
            } catch {
                await db.shutdown()
                throw error
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("log \(verifier.name): \(report.size) entries, root \(Data(report.root).base64EncodedString())")
            print("checked \(report.tilesChecked) tiles and \(report.checkpointsChecked) checkpoints")
            guard report.problems.isEmpty else {
                for problem in report.problems { print("PROBLEM: \(problem)") }
                print("the log does NOT verify")
                throw ExitCode(1)
            }
            if let latest = report.latestCheckpoint {
                try Data(latest.utf8).write(to: URL(fileURLWithPath: statePath), options: .atomic)
            }
            print("the log verifies")
        }

        /// The verifier `--key` gives, or else the log key sealed in the database, opened with
        /// the deployment's master key.
        static func verifier(key: String?, configuration: NodeConfiguration, database: Database) async throws -> NoteVerifier {
            if let key {
                do {
                    return try NoteVerifier(encoded: key)
                } catch {
                    throw ValidationError("--key is not a verifier key (name+id+key, as GET /log/key gives it)")
                }
            }
            let keys = NodeKeyRepository(database: database)
            let source = configuration.masterKeySource
            let vault = KeyVault(master: try source.load(mayCreate: false), location: source.location)
            guard let verifier = try await LogSigningKey(keys: keys, vault: vault).verifier() else {
                throw ValidationError("the database has no log key yet: start the node once")
            }
            return verifier
        }
    }

    /// Watches a node from outside: each run checks the node's newest checkpoint against the
    /// last one seen, with a consistency proof from the node.
    struct Monitor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a node's newest checkpoint against the last one seen (exit 2 on a fork or rollback).",
            discussion: """
                The first run trusts the node's key (or --key) and its checkpoint; later runs verify that the \
                log only grew. State is kept in --state (default ./causeway-monitor-<host>.json).
                """)

        @Argument(help: "The node's URL, e.g. https://causeway.example.gov") var url: String
        @Option(help: "The log's verifier key; default: the one the node served on the first run.") var key: String?
        @Option(help: "State file.") var state: String?

        struct State: Codable {
            var key: String
            var checkpoint: String
        }

        func run() async throws {
            var base = url
            while base.hasSuffix("/") { base.removeLast() }
            let statePath = state ?? "./causeway-monitor-\(URL(string: base)?.host ?? "node").json"
            let previous = try? JSONDecoder().decode(State.self, from: Data(contentsOf: URL(fileURLWithPath: statePath)))
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let verdict = try await check(base: base, previous: previous, statePath: statePath, http: http)
                try await http.shutdown()
                switch verdict {
                case .first(let size): print("first checkpoint seen: \(size) entries; trusted from now on")
                case .unchanged(let size): print("unchanged: \(size) entries")
                case .grew(let from, let to): print("consistent: grew from \(from) to \(to) entries")
                case .rolledBack(let from, let to):
                    print("ALARM: the log was rolled back from \(from) to \(to) entries")
                    throw ExitCode(2)
                case .forked(let size):
                    print("ALARM: the log forked: the new checkpoint does not extend the one of \(size) entries")
                    throw ExitCode(2)
                }
            } catch {
                try? await http.shutdown()
                throw error
            }
        }

        private func check(base: String, previous: State?, statePath: String, http: HTTPClient) async throws -> LogWatch.Verdict {
            var keyText = key ?? previous?.key ?? ""
            if keyText.isEmpty { keyText = String(decoding: try await get(base + "/log/key", http), as: UTF8.self) }
            let verifier = try NoteVerifier(encoded: keyText)
            if let previous, try NoteVerifier(encoded: previous.key) != verifier {
                throw ValidationError("the log key differs from the one trusted before (\(previous.key))")
            }
            let note = String(decoding: try await get(base + "/log/checkpoint", http), as: UTF8.self)
            let current = try Checkpoint.open(note, verifier: verifier)
            let old = try previous.map { try Checkpoint.open($0.checkpoint, verifier: verifier) }
            var proof: [MerkleHash.Value] = []
            if let needed = LogWatch.proofNeeded(previous: old, current: current) {
                let body = try await get(base + "/log/proof/consistency?from=\(needed.from)&to=\(needed.to)", http)
                let hashes = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["hashes"] as? [String] ?? []
                proof = hashes.compactMap { Data(base64Encoded: $0).map(Array.init) }
            }
            let verdict = LogWatch.judge(previous: old, current: current, proof: proof)
            if !verdict.isAlarm {
                let data = try JSONEncoder().encode(State(key: verifier.encoded, checkpoint: note))
                try data.write(to: URL(fileURLWithPath: statePath), options: .atomic)
            }
            return verdict
        }

        private func get(_ url: String, _ http: HTTPClient) async throws -> Data {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
            let body = Data(buffer: try await response.body.collect(upTo: 16 << 20))
            guard response.status == .ok else {
                throw ValidationError("\(url) answered \(response.status.code): \(String(decoding: body.prefix(300), as: UTF8.self))")
            }
            return body
        }
    }
}
