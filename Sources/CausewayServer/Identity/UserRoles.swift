import CausewayCore
import CausewayStore
import Foundation

/// Gives and takes people's roles in agencies, for operators. A change ends the person's
/// sessions (their roles are read fresh on every write anyway) and is written to the
/// transparency log: who may approve an agreement is part of the public record.
struct UserRoles: Sendable {
    let users: UserRepository
    let log: LogAppender
    let clock: @Sendable () -> Date

    static let eventKind = "user.roles-changed"

    func grant(_ role: Role, in agency: String, to username: String, by admin: User) async throws {
        try await change(username, by: admin, role: role, agency: agency, granted: true)
    }

    func remove(_ role: Role, in agency: String, from username: String, by admin: User) async throws {
        try await change(username, by: admin, role: role, agency: agency, granted: false)
    }

    private func change(_ username: String, by admin: User, role: Role, agency: String, granted: Bool) async throws {
        guard admin.isOperator else { throw Problem.forbidden("Only operators may change people's roles.") }
        guard let found = try await users.find(username) else { throw Problem.notFound("user", username) }
        var user = found.user
        let membership = Membership(agency: agency, role: role)
        if granted {
            guard !user.memberships.contains(membership) else { return }
            user.memberships.append(membership)
        } else {
            guard user.memberships.contains(membership) else { return }
            user.memberships.removeAll { $0 == membership }
        }
        do {
            try await users.save(user, passwordHash: found.passwordHash, replace: true)
        } catch StoreError.notFound(let kind, let key) {
            throw Problem.notFound(kind, key)
        }
        _ = try await log.append([AuditEvent(kind: Self.eventKind, at: clock(), actor: admin.username, subject: "user/\(username)",
                                             agencies: [agency], details: ["role": role.rawValue, "agency": agency,
                                                                           "change": granted ? "granted" : "removed"])])
    }
}
