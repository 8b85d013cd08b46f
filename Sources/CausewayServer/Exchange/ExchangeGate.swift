import CausewayCore
import Foundation
import Hummingbird
import Synchronization

/// The checks every gateway call passes before any data moves: a valid access token, a
/// purpose, an agreement the policy snapshot allows now, and the agreement's quota. Reads no
/// database: tokens are verified with the loaded keys, agreements come from the snapshot.
struct ExchangeGate: Sendable {
    let tokens: AccessTokens
    let policy: PolicyService
    let quotas: QuotaCounter
    let subjects: SubjectKeyring
    let clock: @Sendable () -> Date

    /// How caller-chosen text enters the log: hashed with the current subject key.
    var redaction: LogRedaction {
        LogRedaction { [subjects] in subjects.hash($0) ?? "" }
    }

    /// The call as the log will see it. Only names the deployment registered enter the log as
    /// they are: a provider or a `collection` item (`datasets/…`, `registries/…`) that does not
    /// exist is whatever the caller typed, so it is logged opaque.
    func call(_ request: Request, provider: String, collection: String, key: String, knownID: String?, route: String,
              fixedSegments: Int = 5) -> ExchangeCall {
        let redaction = self.redaction
        let loggedProvider = knownID == nil ? redaction.opaque(provider) : provider
        let loggedTarget = collection + "/" + (knownID ?? redaction.opaque(key))
        return ExchangeCall(request: request, at: clock(), provider: loggedProvider, target: loggedTarget,
                            route: "/exchange/\(loggedProvider)/\(loggedTarget)/\(route)", fixedSegments: fixedSegments, redaction: redaction)
    }

    /// Admits the call or throws the problem to answer with; fills in what it learnt.
    /// `statistics`: a private statistics query, which only an agreement with a privacy
    /// budget allows.
    func admit(_ request: Request, call: inout ExchangeCall, target: AgreementTarget, statistics: Bool = false) async throws -> PolicyDecision.Grant {
        let snapshot = policy.snapshot
        let client = try await tokens.client(of: request, policy: snapshot)
        call.consumer = "\(client.agency)/\(client.system)"
        let purpose = request.headers[ExchangeHeaders.purpose]
        call.subjectHash = request.headers[ExchangeHeaders.subject].flatMap(subjects.hash)
        if let purpose {
            (call.purpose, call.purposeHash) = redaction.purpose(purpose, agreed: snapshot.purposes)
        }
        var asked = PolicyRequest(consumer: client.agency, system: client.system, provider: call.provider, target: target,
                                  purpose: purpose, method: request.method.rawValue, at: call.at)
        asked.statistics = statistics
        let decision = snapshot.decide(asked)
        switch decision {
        case .deny(let denial):
            call.agreement = denial.agreement
            throw Self.problem(denial)
        case .allow(let grant):
            call.agreement = grant.agreement
            if case .exceeded(let retryAfter, let limit) = quotas.take(grant, at: call.at) {
                throw Problem.quotaExceeded(agreement: grant.agreement, limit: limit, retryAfter: Int(retryAfter.rounded(.up)))
            }
            return grant
        }
    }

    static func problem(_ denial: PolicyDecision.Denial) -> Problem {
        switch denial.code {
        case .authInvalid: return .authInvalid(denial.detail)
        case .requestInvalid: return Problem(.badRequest, code: denial.code.rawValue, title: "The request is not valid", detail: denial.detail)
        case .agreementNone: return Problem(.forbidden, code: denial.code.rawValue, title: "No agreement allows this call", detail: denial.detail)
        case .agreementExpired: return Problem(.forbidden, code: denial.code.rawValue, title: "The agreement has expired", detail: denial.detail)
        case .agreementSuspended: return Problem(.forbidden, code: denial.code.rawValue, title: "The agreement is suspended", detail: denial.detail)
        case .purposeMismatch: return Problem(.forbidden, code: denial.code.rawValue, title: "Not agreed for this purpose", detail: denial.detail)
        }
    }
}

extension Problem {
    /// A call over its agreement's quota: 429 with `Retry-After`.
    static func quotaExceeded(agreement: String, limit: String, retryAfter: Int) -> Problem {
        var problem = Problem(.tooManyRequests, code: "quota.exceeded", title: "Quota exceeded",
                              detail: "Agreement \(agreement) allows \(limit); try again in \(retryAfter) s.")
        problem.retryAfter = retryAfter
        return problem
    }
}
