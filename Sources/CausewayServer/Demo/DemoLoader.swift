import CausewayCore
import CausewayStore
import Foundation
import Logging

/// Loads the demo government into a node, idempotently: what exists is left alone, what is
/// missing is added, and `demo-credentials.json` in the data directory always matches the
/// demo users' passwords.
///
/// It takes the repositories it fills, not the node, so that the demo sits on top of the
/// capabilities like any other client of them.
struct DemoLoader {
    let agencies: AgencyRepository
    let users: UserRepository
    let hasher: PasswordHasher
    let secrets: ClientSecretRepository
    let datasets: DatasetRepository
    let catalog: CatalogService
    let agreements: DemoAgreementLoader
    /// Rows for a few open datasets.
    let data: DemoData
    /// The address and population registers.
    let registers: DemoRegisters
    /// Weeks of gateway traffic under those agreements, for the report and charts.
    let history: DemoHistoryLoader
    /// A release of noisy census tables, with the history (it is activity, not set-up).
    let release: DemoRelease
    var loadHistory = true
    let dataDirectory: String
    let logger: Logger

    struct Credentials: Codable {
        struct UserEntry: Codable {
            var username: String
            var password: String
            var agency: String?
            var roles: [String]
        }
        struct ClientEntry: Codable {
            var client_id: String
            var client_secret: String
            var agency: String
            var system: String
        }
        var users: [UserEntry]
        var clients: [ClientEntry]
    }

    var credentialsPath: String { dataDirectory + "/demo-credentials.json" }

    func load() async throws {
        for agency in DemoGovernment.agencies where try await agencies.find(agency.code) == nil {
            try await agencies.create(agency)
        }
        for system in DemoGovernment.systems
        where try await agencies.findSystem(agency: system.agency, code: system.code) == nil {
            try await agencies.createSystem(system)
        }
        let previous = (try? Data(contentsOf: URL(fileURLWithPath: credentialsPath)))
            .flatMap { try? JSONDecoder().decode(Credentials.self, from: $0) }
        var userEntries: [Credentials.UserEntry] = []
        for user in DemoGovernment.users {
            let known = previous?.users.first { $0.username == user.username }?.password
            let existing = try await users.find(user.username)
            let password: String
            if let known, let existing, try await hasher.verify(known, hash: existing.passwordHash) {
                password = known
            } else {
                password = Self.password()
                try await users.save(user, passwordHash: try await hasher.hash(password), replace: true)
            }
            userEntries.append(.init(username: user.username, password: password, agency: user.memberships.first?.agency,
                               roles: user.isOperator ? ["operator"] : user.memberships.map(\.role.rawValue)))
        }
        var clients: [Credentials.ClientEntry] = []
        for system in DemoGovernment.systems {
            let known = previous?.clients.first { $0.client_id == system.qualifiedName }?.client_secret
            let live = try await secrets.liveSecrets(agency: system.agency, system: system.code).map(\.hash)
            var secret = known ?? ""
            if known == nil || !live.contains(ClientSecretFactory.hash(secret)) {
                let issued = ClientSecretFactory.make()
                try await secrets.insert(id: issued.id, agency: system.agency, system: system.code,
                                              secretHash: issued.hash, at: Date())
                secret = issued.secret
            }
            clients.append(.init(client_id: system.qualifiedName, client_secret: secret, agency: system.agency, system: system.code))
        }
        try await loadDatasets()
        try await catalog.refresh()
        try await registers.load()
        try await data.load()
        try await agreements.load()
        if loadHistory {
            try await history.load()
            try await release.load()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Credentials(users: userEntries, clients: clients))
        _ = FileManager.default.createFile(atPath: credentialsPath, contents: data, attributes: [.posixPermissions: 0o600])
        try data.write(to: URL(fileURLWithPath: credentialsPath))
        logger.info("demo government loaded", metadata: ["credentials": "\(credentialsPath)"])
    }

    private func loadDatasets() async throws {
        var missing: [Dataset] = []
        let base = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01, so the demo looks the same every time
        for (offset, draft) in DemoGovernment.datasets.enumerated() where try await datasets.find(idOrName: draft.name) == nil {
            let issued = base.addingTimeInterval(Double(offset) * 86_400)
            missing.append(try draft.validated(id: draft.name, issued: issued, now: issued.addingTimeInterval(3_600)) {
                UUID().uuidString.lowercased()
            })
        }
        if !missing.isEmpty { try await datasets.createMany(missing) }
    }

    /// A random password of 20 characters from an unambiguous alphabet (about 115 bits).
    static func password() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
