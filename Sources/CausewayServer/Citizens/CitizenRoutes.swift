import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The citizen's view and the public report: `/api/v1/transparency/…`.
///
/// The citizen's view answers the portal that a citizen signed in to: every logged exchange
/// call about that person, with who made it and why, and an inclusion proof against a signed
/// checkpoint, so the portal (or the citizen) can check that what it shows is what the log
/// holds. Only systems an operator gave the `citizen-portal` role may ask.
struct CitizenRoutes {
    let log: LogReader
    let checkpoints: CheckpointPublisher
    let subjects: SubjectKeyring
    let tokens: AccessTokens
    let agencies: AgencyRepository
    let policy: PolicyService

    func register(on router: Router<CausewayContext>) {
        router.get("api/v1/transparency/subjects/:subject", use: subject)
        router.get("api/v1/transparency/report", use: report)
    }

    struct Access: Encodable {
        var index: Int64
        var at: Date
        /// `exchange.call` (answered) or `exchange.refused`.
        var kind: String
        var consumer: String?
        var provider: String?
        var target: String?
        var purpose: String?
        var agreement: String?
        var status: Int?
        /// The entry's canonical bytes, base64, and its inclusion proof in the checkpoint's tree.
        var entry: String
        var proof: [String]
    }

    struct SubjectAccesses: Encodable {
        /// The signed checkpoint the proofs lead to.
        var checkpoint: String
        var size: UInt64
        var accesses: [Access]
    }

    @Sendable func subject(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["limit"])
        let limit = try query.int("limit", default: 100, range: 1...1_000)
        try await requirePortal(request)
        // As a person's identifier reaches the gateway: percent-decoded (`S1234567%41` is `S1234567A`).
        let raw = try context.parameters.require("subject")
        let subject = raw.removingPercentEncoding ?? raw
        guard !subject.trimmingCharacters(in: .whitespaces).isEmpty, subject.utf8.count <= 256 else {
            throw Problem.badParameter("subject", "must be 1 to 256 bytes")
        }
        let entries = try await log.entries(subjectHashes: subjects.allHashes(subject), limit: limit)
        var checkpoint = try await checkpoints.latest()
        if let newest = entries.first, UInt64(newest.index) >= checkpoint?.size ?? 0 {
            checkpoint = try await checkpoints.publish()
        }
        guard let checkpoint else { throw Problem(.serviceUnavailable, code: "log.no-checkpoint", title: "The log has no checkpoint yet") }
        var accesses: [Access] = []
        for entry in entries {
            let event = try AuditEvent(document: Data(entry.bytes))
            let proof = try await log.inclusionProof(index: UInt64(entry.index), size: checkpoint.size)
            accesses.append(Access(
                index: entry.index, at: event.at, kind: event.kind, consumer: event.details["consumer"], provider: event.details["provider"],
                target: event.details["target"], purpose: event.details["purpose"], agreement: event.details["agreement"],
                status: event.details["status"].flatMap(Int.init), entry: Data(entry.bytes).base64EncodedString(),
                proof: proof.map { Data($0).base64EncodedString() }))
        }
        return try JSONResponse.make(SubjectAccesses(checkpoint: checkpoint.note, size: checkpoint.size, accesses: accesses))
    }

    /// The caller must present an access token of a system holding the citizen-portal role.
    private func requirePortal(_ request: Request) async throws {
        let client = try await tokens.client(of: request, policy: policy.snapshot)
        guard let system = try await agencies.findSystem(agency: client.agency, code: client.system),
              system.roles.contains(.citizenPortal) else {
            throw Problem.forbidden("Only a system with the citizen-portal role may list a person's accesses.")
        }
    }

    struct Report: Encodable {
        struct Row: Encodable {
            var month: String
            var provider: String
            var consumer: String
            var purpose: String
            var outcome: String
            /// nil when the cell is suppressed.
            var calls: Int64?
            var suppressed: Bool
        }
        var suppressionThreshold: Int64
        var rows: [Row]
    }

    @Sendable func report(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["month", "provider", "consumer"])
        let month = query.string("month")
        if let month, month.count != 7 || month.dropFirst(4).first != "-" || Int(month.prefix(4)) == nil || Int(month.suffix(2)) == nil {
            throw Problem.badParameter("month", "must be YYYY-MM")
        }
        let provider = query.string("provider")
        let consumer = query.string("consumer")
        let rows = SmallCellSuppression.apply(try await log.counts().filter {
            (month == nil || $0.cell.period == month) && (provider == nil || $0.cell.provider == provider)
                && (consumer == nil || $0.cell.consumer == consumer)
        })
        return try JSONResponse.make(Report(suppressionThreshold: SmallCellSuppression.threshold, rows: rows.map {
            Report.Row(month: $0.cell.period, provider: $0.cell.provider, consumer: $0.cell.consumer, purpose: $0.cell.purpose,
                       outcome: $0.cell.outcome, calls: $0.calls, suppressed: $0.calls == nil)
        }))
    }
}
