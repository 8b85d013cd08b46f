import Foundation

/// Everything the gateway needs to decide a call, in memory and immutable: the systems that
/// hold live credentials and the agreements that have been approved, indexed by who calls
/// what. The server builds a new snapshot when an agreement or a credential changes and swaps
/// it in whole, so a decision never reads the database and never sees half a change.
public struct PolicySnapshot: Sendable {
    /// The store revisions it was built from, so a node can tell whether it is current.
    public let revision: Int64
    private let systems: Set<String>
    /// The ids of the live client secrets: a token issued under a secret since revoked is refused.
    private let liveSecrets: Set<String>
    private let agreements: [Key: [Agreement]]
    private let services: [String: UpstreamAPI]
    /// Every purpose code some approved agreement names: what the public log may show of a
    /// caller's `Causeway-Purpose` as it was sent (see ``LogRedaction``).
    public let purposes: Set<String>
    /// Every approved agreement (active, suspended or past its period), for the public pages
    /// that show who may use which data under which agreement.
    public let approvedAgreements: [Agreement]

    private struct Key: Hashable {
        var system: String
        var provider: String
        var target: AgreementTarget
    }

    /// `systems` are `agency/system` names with at least one live credential. Agreements that
    /// were never approved cannot allow anything and are left out.
    public init(agreements: [Agreement], systems: Set<String>, liveSecrets: Set<String> = [], services: [UpstreamAPI] = [],
                revision: Int64) {
        self.revision = revision
        self.systems = systems
        self.liveSecrets = liveSecrets
        self.services = Dictionary(services.map { ("\($0.provider)/\($0.code)", $0) }, uniquingKeysWith: { first, _ in first })
        var index: [Key: [Agreement]] = [:]
        for agreement in agreements where agreement.status.approvals != nil {
            for system in agreement.qualifiedSystems {
                index[Key(system: system, provider: agreement.provider, target: agreement.target), default: []].append(agreement)
            }
        }
        self.agreements = index
        approvedAgreements = agreements.filter { $0.status.approvals != nil }
        purposes = Set(approvedAgreements.map(\.terms.purpose.code))
    }

    public static let empty = PolicySnapshot(agreements: [], systems: [], revision: 0)

    /// Whether the client secret with this id is live. A token names the secret it came from;
    /// tokens from before that claim existed name none and fall back to the system's check.
    public func isLive(secret id: String?) -> Bool {
        id.map(liveSecrets.contains) ?? true
    }

    /// Every registered service, by provider and code (the catalogue lists them).
    public var allServices: [UpstreamAPI] {
        services.values.sorted { ($0.provider, $0.code) < ($1.provider, $1.code) }
    }

    /// A provider's registered upstream service: the gateway's route table.
    public func service(provider: String, code: String) -> UpstreamAPI? {
        services["\(provider)/\(code)"]
    }

    /// Decides one call. The refusal is the most specific one that applies: a consumer with a
    /// suspended agreement for this purpose hears "suspended", not "no agreement".
    public func decide(_ request: PolicyRequest) -> PolicyDecision {
        let system = "\(request.consumer)/\(request.system)"
        guard systems.contains(system) else {
            return deny(.authInvalid, "The system '\(system)' is unknown or has no live credentials.")
        }
        guard let purpose = request.purpose?.trimmed, !purpose.isEmpty else {
            return deny(.requestInvalid, "Send the purpose of the call in the Causeway-Purpose header.")
        }
        let target = "\(request.target.kind) '\(request.target.identifier)' of '\(request.provider)'"
        let all = agreements[Key(system: system, provider: request.provider, target: request.target)] ?? []
        let candidates = all.filter { ($0.terms.privacyBudget != nil) == request.statistics }
        guard !candidates.isEmpty else {
            if !all.isEmpty {
                return deny(.agreementNone, request.statistics
                    ? "The agreements that let '\(system)' use the \(target) grant records, not private statistics."
                    : "The agreements that let '\(system)' use the \(target) grant private statistics only, not records.")
            }
            return deny(.agreementNone, "No agreement lets '\(system)' use the \(target).")
        }
        let forPurpose = candidates.filter { $0.terms.purpose.code == purpose }
        guard !forPurpose.isEmpty else {
            let agreed = Set(candidates.map(\.terms.purpose.code)).sorted().joined(separator: ", ")
            return deny(.purposeMismatch, "The agreements for the \(target) are for: \(agreed), not '\(purpose)'.")
        }
        let active = forPurpose.filter { $0.state(at: request.at) == .active }
        let method = request.method.uppercased()
        if let chosen = active.filter({ $0.terms.methods.contains(method) }).max(by: { $0.terms.validUntil < $1.terms.validUntil }) {
            return .allow(.init(agreement: chosen.id, fields: chosen.terms.fields, quota: chosen.terms.quota,
                                validUntil: chosen.terms.validUntil, wholeResponses: chosen.terms.allowsWholeResponses,
                                privacyBudget: chosen.terms.privacyBudget))
        }
        if let agreement = active.first {
            return deny(.agreementNone, "Agreement \(agreement.id) allows \(agreement.terms.methods.joined(separator: ", ")), not \(method).", agreement.id)
        }
        let states = forPurpose.map { ($0, $0.state(at: request.at)) }
        if let (agreement, _) = states.first(where: { $0.1 == .suspended }) {
            return deny(.agreementSuspended, "Agreement \(agreement.id) is suspended: \(agreement.status.decision?.reason ?? "").", agreement.id)
        }
        if let (agreement, _) = states.first(where: { $0.1 == .expired }) {
            return deny(.agreementExpired, "Agreement \(agreement.id) expired at \(Self.text(agreement.terms.validUntil)); it can be renewed.", agreement.id)
        }
        if let (agreement, _) = states.first(where: { $0.1 == .approved }) {
            return deny(.agreementNone, "Agreement \(agreement.id) starts at \(Self.text(agreement.terms.validFrom)).", agreement.id)
        }
        let revoked = forPurpose[0]
        return deny(.agreementNone, "Agreement \(revoked.id) was revoked: \(revoked.status.decision?.reason ?? "").", revoked.id)
    }

    private func deny(_ code: PolicyDecision.Code, _ detail: String, _ agreement: String? = nil) -> PolicyDecision {
        .deny(.init(code: code, detail: detail, agreement: agreement))
    }

    private static func text(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
