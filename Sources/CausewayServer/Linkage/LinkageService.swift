import CausewayCore
import CausewayStore
import Foundation

/// Record linkage's rules for the API and the console: a coordinator creates a project under
/// approved linkage agreements; each party uploads its encodings once; when the last arrives
/// the ``LinkageWorker`` compares them; each party downloads only its own rows against link
/// identifiers; the coordinator closes the project and the encodings are deleted.
///
/// Nobody reads another party's encodings: there is no route that returns them. Creating,
/// each upload, the comparison, each download and the closing are entries in the
/// transparency log, written in the same transaction as the change (a download changes
/// nothing and is logged before the result is sent). Stateless and `Sendable`.
struct LinkageService: Sendable {
    let repository: LinkageRepository
    let agreements: AgreementRepository
    let log: LogAppender
    /// Rung when a project's last upload arrives, so the ``LinkageWorker`` starts at once.
    let doorbell: Doorbell
    let clock: @Sendable () -> Date

    /// Also the answer to people of other agencies: a project's existence is its parties' business.
    static func notFound(_ id: String) -> Problem {
        Problem(.notFound, code: "linkage.not-found", title: "No such linkage project", detail: "There is no linkage project '\(id)' you take part in.")
    }

    /// The roles of a party's people who may act for it in a linkage.
    static let actingRoles: Set<Role> = [.admin, .steward, .engineer]

    // MARK: Projects

    func create(_ draft: LinkageProjectDraft, by user: User) async throws -> LinkageProject {
        var found: [String: Agreement] = [:]
        for key in Set(draft.agreements) {
            if let stored = try await agreements.find(key) { found[key] = stored.agreement }
        }
        let now = clock()
        let project = try draft.project(id: "lp-" + UUID().uuidString.lowercased(), by: user.username, agreements: found, at: now)
        guard project.isCoordinator(user) else {
            throw Problem.forbidden("Only the stewards and admins of '\(project.owner)', which provides the linkage agreements, may create the project.")
        }
        do {
            try await repository.create(project, event: .linkage("linkage.created", project, actor: user.username, at: now, details: [
                "parties": project.parties.joined(separator: " "), "agreements": project.agreements.joined(separator: " "),
                "threshold": String(project.threshold), "solver": project.solver.rawValue, "grant": project.grant.rawValue,
                "fields": draft.encodedFields.joined(separator: " "),
            ]))
        } catch is LinkageRepository.NameTaken {
            throw Problem(.conflict, code: "linkage.name-taken", title: "A project of this name is open",
                          detail: "The linkage '\(project.name)' already has a project that is not closed; close it first.")
        }
        return project
    }

    /// The project, if `user` may see it: a person of one of its parties, or an operator.
    func project(_ id: String, for user: User) async throws -> LinkageProject {
        guard let project = try await repository.project(id),
              user.isOperator || project.parties.contains(where: { user.memberships.map(\.agency).contains($0) }) else {
            throw Self.notFound(id)
        }
        return project
    }

    func projects(for user: User) async throws -> [LinkageProject] {
        try await repository.projects(of: Array(Set(user.memberships.map(\.agency))))
    }

    /// The party `user` acts for in `project`: the one named, or their only party in it.
    func party(of user: User, in project: LinkageProject, named: String?) throws -> String {
        let acting = Set(user.memberships.filter { Self.actingRoles.contains($0.role) }.map(\.agency))
        let mine = project.parties.filter { acting.contains($0) }
        if let named {
            guard mine.contains(named) else {
                throw Problem.forbidden("You do not act for '\(named)' in this project (an admin, steward or engineer of a party does).")
            }
            return named
        }
        guard mine.count == 1, let only = mine.first else {
            throw mine.isEmpty
                ? Problem.forbidden("Only the admins, stewards and engineers of the project's parties act in it.")
                : Problem.badParameter("party", "you act for several of the project's parties (\(mine.joined(separator: ", "))); name one")
        }
        return only
    }

    // MARK: Uploads

    /// Stores a party's encodings, checked against the project's schema, whole or not at all.
    func upload(_ upload: LinkageUploadBody, to id: String, party named: String?, by user: User) async throws -> LinkageProject {
        let project = try await project(id, for: user)
        let party = try party(of: user, in: project, named: named)
        try Self.admitUpload(to: project, party: party)
        try await requireActiveAgreement(project, party: party)
        if let difference = LinkageSchemaDifference.first(upload.schema, project.schema) {
            throw Problem(.conflict, code: "linkage.schema-mismatch", title: "Encoded with another schema",
                          detail: "These encodings were made with a schema that differs from the project's: \(difference). "
                              + "Every party encodes with the project's schema (GET /api/v1/linkage/projects/\(id)).")
        }
        let bytes = try upload.encodings(length: project.encodingBytes)
        let now = clock()
        let record = LinkageProject.Upload(party: party, records: bytes.count, uploadedBy: user.username, at: now)
        let stored = try await repository.update(id, storing: (party, bytes)) { current in
            try Self.admitUpload(to: current, party: party)
            var changed = current
            changed.uploads.append(record)
            var events: [AuditEvent] = [.linkage("linkage.uploaded", changed, actor: user.username, at: now, details: [
                "party": party, "records": String(bytes.count)])]
            if changed.waitingFor.isEmpty {
                changed.state = .matching
                events.append(.linkage("linkage.matching", changed, actor: nil, at: now, details: [
                    "records": changed.uploads.map { "\($0.party)=\($0.records)" }.joined(separator: " ")]))
            }
            return (changed, events)
        }
        guard let stored else { throw Self.notFound(id) }
        if stored.state == .matching { doorbell.ring() }
        return stored
    }

    /// Refuses an upload the project cannot take now; checked before reading the body and
    /// again under the project's lock.
    static func admitUpload(to project: LinkageProject, party: String) throws {
        guard project.state == .collecting else {
            throw Problem(.conflict, code: "linkage.not-collecting", title: "This project takes no more encodings",
                          detail: "The project is \(project.state.rawValue): every party has uploaded, or it was closed.")
        }
        if let previous = project.uploads.first(where: { $0.party == party }) {
            throw Problem(.conflict, code: "linkage.already-uploaded", title: "This party has uploaded",
                          detail: "'\(party)' uploaded \(previous.records) encodings at \(Timestamp.string(previous.at)); a party uploads once.")
        }
    }

    /// A party acts only while its agreement is active (the coordinator: while any is).
    func requireActiveAgreement(_ project: LinkageProject, party: String) async throws {
        let now = clock()
        for id in project.agreements {
            guard let agreement = try await agreements.find(id)?.agreement, agreement.state(at: now) == .active else { continue }
            if party == project.owner || agreement.consumer == party { return }
        }
        throw Problem(.conflict, code: "linkage.agreement-inactive", title: "No active agreement permits this",
                      detail: "'\(party)' has no active agreement for the linkage '\(project.name)' (it expired, or was suspended or revoked).")
    }

    // MARK: Results and closing

    /// The party's rows against link identifiers, logged before they are returned.
    func result(of id: String, party named: String?, for user: User) async throws -> Data {
        let project = try await project(id, for: user)
        let party = try party(of: user, in: project, named: named)
        guard project.hasResults else {
            throw Problem(.conflict, code: "linkage.not-ready", title: "No result yet",
                          detail: project.state == .failed ? "The comparison failed: \(project.failure ?? "no reason recorded")."
                              : "The project is \(project.state.rawValue); waiting for \(project.waitingFor.joined(separator: ", ")).")
        }
        try await requireActiveAgreement(project, party: party)
        guard let stored = try await repository.result(project: id, party: party) else { throw Self.notFound(id) }
        _ = try await log.append([.linkage("linkage.downloaded", project, actor: user.username, at: clock(), details: [
            "party": party, "rows": String(stored.count)])])
        return LinkageResultBody.json(project: project, party: party, rows: stored.rows, linkedRows: stored.count)
    }

    /// Deletes every party's encodings; results stay for their parties.
    func close(_ id: String, by user: User) async throws -> LinkageProject {
        let project = try await project(id, for: user)
        guard project.isCoordinator(user) else {
            throw Problem.forbidden("Only the stewards and admins of the coordinator '\(project.owner)' close the project.")
        }
        let now = clock()
        let closed = try await repository.update(id, deletingEncodings: true) { current in
            guard current.state != .closed else {
                throw Problem(.conflict, code: "linkage.closed", title: "Already closed", detail: "The project was closed; its encodings are deleted.")
            }
            guard current.state != .matching else {
                throw Problem(.conflict, code: "linkage.matching", title: "The comparison is running",
                              detail: "Close the project when the comparison has finished.")
            }
            var changed = current
            changed.state = .closed
            changed.closedAt = now
            return (changed, [.linkage("linkage.closed", changed, actor: user.username, at: now, details: [
                "encodings": String(current.uploads.map(\.records).reduce(0, +)), "deleted": "encodings"])])
        }
        guard let closed else { throw Self.notFound(id) }
        return closed
    }
}
