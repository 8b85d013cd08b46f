import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/console/operator`: for the people who run the deployment. This node and its schema, the
/// nodes serving gateway traffic, the token-signing keys (with rotation), and people's roles.
/// Every change here is written to the transparency log.
struct ConsoleOperatorRoutes {
    let pages: Pages
    let session: ConsoleSession
    /// The node's public URL and data directory, as it was started with them.
    let publicURL: String
    let dataDirectory: String
    let database: Database
    let rotation: SigningKeyRotation
    let roles: UserRoles
    let spend: QuotaSpendRepository
    let catalog: CatalogService
    let clock: @Sendable () -> Date

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/operator", use: overview)
        group.post("console/operator/rotate-signing-key", use: rotate)
        group.post("console/operator/roles", use: grant)
        group.post("console/operator/roles/remove", use: remove)
    }

    struct View {
        struct Fact {
            var term: String
            var value: String
        }

        struct Key {
            var kid: String
            var created: String
            var state: String
        }

        struct Person {
            var username: String
            var name: String
            var roles: [Held]
            var isOperator: Bool
        }

        /// A role someone holds.
        struct Held {
            var label: String
            var agency: String
            var role: String
            var removeLabel: String
        }

        var chrome: PageChrome
        var node: [Fact]
        var nodes: [Fact]
        var keys: [Key]
        var people: [Person]
        var agencies: [FormField.Option]
        var roleOptions: [FormField.Option]
        var usernames: [FormField.Option]
    }

    private func requireOperator(_ signed: ConsoleSession.Signed) throws {
        guard signed.user.isOperator else { throw Problem.forbidden("This page is for the deployment's operators.") }
    }

    @Sendable func overview(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        try requireOperator(signed)
        let now = clock()
        let schema = try await Migrations.currentVersion(of: database)
        let node = [
            View.Fact(term: "Database", value: database.engine == .sqlite ? "SQLite (one node)" : "PostgreSQL (many nodes may share it)"),
            View.Fact(term: "Schema", value: "version \(schema) of \(Migrations.latestVersion)\(schema == Migrations.latestVersion ? ", up to date" : "")"),
            View.Fact(term: "Public URL", value: publicURL),
            View.Fact(term: "Data directory", value: dataDirectory),
        ]
        let nodes = try await spend.nodes(since: UTCTime(now.addingTimeInterval(-86_400)).date).map { seen in
            View.Fact(term: seen.node, value: "last reported \(PageText.dateTime(seen.lastSeen))")
        }
        let keys = try await rotation.tokens.keys.keys(retiredAfter: now.addingTimeInterval(-AccessTokens.grace)).map { key in
            View.Key(kid: key.kid, created: PageText.dateTime(key.createdAt),
                     state: key.retiredAt.map { "retired \(PageText.dateTime($0)); verifies tokens until they expire" } ?? "signs new tokens")
        }
        let users = try await roles.users.all()
        let snapshot = catalog.snapshot
        let people = users.map { user in
            View.Person(username: user.username, name: user.displayName, roles: user.memberships.map { membership in
                let agency = snapshot.agency(membership.agency)?.name ?? membership.agency
                return View.Held(label: "\(membership.role.rawValue) at \(agency)", agency: membership.agency, role: membership.role.rawValue,
                                 removeLabel: "Remove \(membership.role.rawValue) at \(agency) from \(user.username)")
            }, isOperator: user.isOperator)
        }
        let view = View(chrome: pages.chrome("Operations", section: .operations, session: signed, notice: ConsoleSession.notice(request)),
                        node: node, nodes: nodes, keys: keys, people: people,
                        agencies: snapshot.agencies.map { .init(value: $0.code, label: $0.name, selected: false) },
                        roleOptions: Role.allCases.map { .init(value: $0.rawValue, label: $0.rawValue, selected: false) },
                        usernames: users.map { .init(value: $0.username, label: "\($0.displayName) (\($0.username))", selected: false) })
        return pages.page("console_operator", view, personal: true)
    }

    @Sendable func rotate(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, _) = try await session.requireForm(request)
        try requireOperator(signed)
        let kid = try await rotation.rotate(by: signed.user.username)
        return Pages.seeOther(QueryString([("notice", "New token-signing key \(kid). Tokens signed with the previous key stay valid until they expire.")])
            .url("/console/operator"))
    }

    private func roleChange(_ request: Request, granted: Bool) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        guard let username = form.value("username"), let agency = form.value("agency"),
              let role = form.value("role").flatMap(Role.init(rawValue:)) else {
            throw Problem.invalid("Choose the person, the agency and the role.")
        }
        if granted {
            try await roles.grant(role, in: agency, to: username, by: signed.user)
        } else {
            try await roles.remove(role, in: agency, from: username, by: signed.user)
        }
        let what = "\(username) \(granted ? "is now" : "is no longer") \(role.rawValue) at \(catalog.snapshot.agency(agency)?.name ?? agency)."
        return Pages.seeOther(QueryString([("notice", what + " Their sessions have ended.")]).url("/console/operator"))
    }

    @Sendable func grant(_ request: Request, context: CausewayContext) async throws -> Response {
        try await roleChange(request, granted: true)
    }

    @Sendable func remove(_ request: Request, context: CausewayContext) async throws -> Response {
        try await roleChange(request, granted: false)
    }
}
