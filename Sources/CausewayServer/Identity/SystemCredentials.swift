import CausewayCore
import CausewayStore
import Foundation

/// An agency's client systems and their secrets, managed by its admins (and operators): the one
/// place that checks who may register a system, issue a secret or revoke one, and that makes
/// the gateway see the change before the answer goes out. The API and the console both use it.
struct SystemCredentials: Sendable {
    let agencies: AgencyRepository
    let secrets: ClientSecretRepository
    /// Refreshes the gateway's policy, so an issued or revoked secret holds on this node at once.
    let credentialsChanged: @Sendable () async throws -> Void
    let clock: @Sendable () -> Date

    /// A secret as issued: shown once, stored only as a hash.
    struct Issued: Sendable {
        var id: String
        var clientID: String
        var secret: String
        var createdAt: Date
    }

    func requireAdmin(_ user: User, of agency: String) throws {
        guard user.isOperator || user.has(.admin, in: agency) else {
            throw Problem.forbidden("Only operators and admins of '\(agency)' may manage its systems.")
        }
    }

    func register(_ system: ClientSystem, by user: User) async throws {
        try requireAdmin(user, of: system.agency)
        guard system.roles.isEmpty || user.isOperator else {
            throw Problem.forbidden("Only node operators may give a system roles beyond the exchange.")
        }
        try system.validate()
        try await agencies.createSystem(system)
    }

    /// The system, once `user` is shown to administer its agency.
    func administered(agency: String, system code: String, by user: User) async throws -> ClientSystem {
        try requireAdmin(user, of: agency)
        guard let system = try await agencies.findSystem(agency: agency, code: code) else {
            throw Problem.notFound("system", "\(agency)/\(code)")
        }
        return system
    }

    /// Issues a new client secret: 256 random bits, so a plain SHA-256 is the right hash (a
    /// slow hash would add only latency at the token endpoint).
    func issue(for system: ClientSystem) async throws -> Issued {
        let issued = ClientSecretFactory.make()
        let now = clock()
        try await secrets.insert(id: issued.id, agency: system.agency, system: system.code, secretHash: issued.hash, at: now)
        try await credentialsChanged()
        return Issued(id: issued.id, clientID: system.qualifiedName, secret: issued.secret, createdAt: now)
    }

    /// Revokes a secret: no new token with it, and the tokens issued under it are refused at
    /// once on this node and within a second on every other.
    func revoke(_ id: String, of system: ClientSystem) async throws {
        guard try await secrets.revoke(id: id, agency: system.agency, system: system.code, at: clock()) else {
            throw Problem.notFound("secret", id)
        }
        try await credentialsChanged()
    }
}
