import Foundation

/// One term that differs between two versions of an agreement, in the words a reviewer reads:
/// the steward approving an edited or renewed agreement sees what changed since the version
/// they (or the previous approvers) saw, not the whole text again.
public struct AgreementChange: Sendable, Hashable, Codable {
    /// The term's name as the review page shows it ("Fields", "Valid until", …).
    public var term: String
    public var before: String
    public var after: String

    public init(term: String, before: String, after: String) {
        self.term = term
        self.before = before
        self.after = after
    }

    /// Every term that differs from `old` to `new`, in the order of the agreement's text.
    public static func between(_ old: Agreement, _ new: Agreement) -> [AgreementChange] {
        func day(_ date: Date) -> String { UTCTime(date).date }
        func list(_ values: [String]) -> String { values.joined(separator: ", ") }
        func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }
        let terms: [(String, (Agreement) -> String)] = [
            ("Title", \.title),
            ("Data", { "\($0.target.kind) \($0.target.identifier)" }),
            ("Consumer systems", { list($0.systems) }),
            ("Purpose code", \.terms.purpose.code),
            ("Purpose", \.terms.purpose.description),
            ("Legal ground", { $0.terms.legalBasis.ground.label }),
            ("Legal basis", \.terms.legalBasis.citation),
            ("Fields", { list($0.terms.fields) }),
            ("Methods", { list($0.terms.methods) }),
            ("Valid from", { day($0.terms.validFrom) }),
            ("Valid until", { day($0.terms.validUntil) }),
            ("Calls per minute", { String($0.terms.quota.perMinute) }),
            ("Calls per day", { String($0.terms.quota.perDay) }),
            ("Retention (days)", { String($0.terms.retentionDays) }),
            ("Onward sharing", { yesNo($0.terms.onwardSharing) }),
            ("Whole responses", { yesNo($0.terms.allowsWholeResponses) }),
        ]
        return terms.compactMap { term, read in
            let before = read(old), after = read(new)
            return before == after ? nil : AgreementChange(term: term, before: before, after: after)
        }
    }
}
