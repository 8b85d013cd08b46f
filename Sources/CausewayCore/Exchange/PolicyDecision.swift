import Foundation

/// The policy's answer for one call: go ahead under this agreement with these fields, or a
/// refusal with the problem code the gateway answers with.
public enum PolicyDecision: Sendable, Hashable {
    case allow(Grant)
    case deny(Denial)

    /// What an allowed call may do: the gateway reduces the response to `fields` and counts
    /// the call against `quota`.
    public struct Grant: Sendable, Hashable {
        public var agreement: String
        public var fields: [String]
        public var quota: Quota
        public var validUntil: Date
        /// Non-JSON answers may pass unreduced (services whose agreement says so).
        public var wholeResponses: Bool
        /// The budget private statistics spend, for an agreement that grants them.
        public var privacyBudget: PrivacyBudget? = nil
    }

    public struct Denial: Sendable, Hashable, Error {
        public var code: Code
        public var detail: String
        /// The agreement the refusal is about, when one matched but did not allow the call.
        public var agreement: String?
    }

    /// The refusal codes of DESIGN.md § Exchange protocol that the policy decides (quota and
    /// upstream failures are the gateway's).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case authInvalid = "auth.invalid"
        case agreementNone = "agreement.none"
        case agreementExpired = "agreement.expired"
        case agreementSuspended = "agreement.suspended"
        case purposeMismatch = "purpose.mismatch"
        case requestInvalid = "request.invalid"
    }

    public var grant: Grant? {
        if case .allow(let grant) = self { return grant }
        return nil
    }

    public var denial: Denial? {
        if case .deny(let denial) = self { return denial }
        return nil
    }
}
