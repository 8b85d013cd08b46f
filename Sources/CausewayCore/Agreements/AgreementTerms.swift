import Foundation

/// The conditions both sides sign: what for, on which legal ground, which fields, which
/// methods, for how long, how much, how long the consumer may keep what it received, and
/// whether it may pass it on. The gateway enforces the first six; the last two bind the
/// consumer and are exported in the ODRL policy.
public struct AgreementTerms: Sendable, Hashable, Codable {
    public var purpose: Purpose
    public var legalBasis: LegalBasis
    /// The fields the consumer may receive; the gateway removes every other field.
    public var fields: [String]
    /// HTTP methods the consumer may use, upper case (`GET`, `POST`, …).
    public var methods: [String]
    public var validFrom: Date
    public var validUntil: Date
    public var quota: Quota
    /// Days the consumer may keep received data before deleting it.
    public var retentionDays: Int
    public var onwardSharing: Bool
    /// For a service: answers the gateway cannot reduce (not JSON — a PDF, an image) may pass
    /// whole. Nil, as in agreements made before the term existed, means no.
    public var wholeResponses: Bool?

    public var allowsWholeResponses: Bool { wholeResponses ?? false }
    /// For a hosted dataset: the consumer's systems may ask differentially private questions
    /// of it, spending this budget each, and may not read its records. Nil: records, no
    /// private statistics.
    public var privacyBudget: PrivacyBudget?

    public init(purpose: Purpose, legalBasis: LegalBasis, fields: [String], methods: [String], validFrom: Date,
                validUntil: Date, quota: Quota, retentionDays: Int, onwardSharing: Bool) {
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.fields = fields
        self.methods = methods
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.quota = quota
        self.retentionDays = retentionDays
        self.onwardSharing = onwardSharing
    }

    public static let allowedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]

    /// Checks the terms on their own; `availableFields` are the target's fields (the
    /// dataset's Table Schema or the service's declared response fields).
    func check(into validator: inout Validator, availableFields: [String]?) {
        Self.checkShared(purpose: purpose, legalBasis: legalBasis, quota: quota, retentionDays: retentionDays, into: &validator)
        validator.check(!fields.isEmpty, "/fields", "must name at least one field")
        validator.check(Set(fields).count == fields.count, "/fields", "must not repeat a field")
        if let availableFields {
            let known = Set(availableFields)
            for (index, field) in fields.enumerated() where !known.contains(field) {
                validator.add(FieldError("/fields/\(index)", "'\(field)' is not a field of the target (fields: \(availableFields.joined(separator: ", ")))"))
            }
        }
        validator.check(!methods.isEmpty, "/methods", "must allow at least one method")
        for (index, method) in methods.enumerated() {
            validator.check(Self.allowedMethods.contains(method), "/methods/\(index)", "must be one of \(Self.allowedMethods.joined(separator: ", "))")
        }
        validator.check(validFrom < validUntil, "/validUntil", "must be after validFrom")
        validator.check(validUntil.timeIntervalSince(validFrom) <= 10 * 366 * 86_400, "/validUntil", "must be at most ten years after validFrom")
        privacyBudget?.check(into: &validator, at: "/privacyBudget")
    }

    /// The checks a template's defaults and an agreement's terms have in common.
    static func checkShared(purpose: Purpose, legalBasis: LegalBasis, quota: Quota, retentionDays: Int, into validator: inout Validator) {
        validator.check(Slug.isValid(purpose.code), "/purpose/code", "must be \(Slug.rule)")
        validator.requireText(purpose.description, "/purpose/description", maxLength: 2_000)
        validator.requireText(legalBasis.citation, "/legalBasis/citation", maxLength: 500)
        quota.check(into: &validator, at: "/quota")
        validator.check(retentionDays >= 0 && retentionDays <= 36_600, "/retentionDays", "must be between 0 and 36,600")
    }
}
