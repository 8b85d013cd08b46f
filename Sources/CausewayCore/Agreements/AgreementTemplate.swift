import Foundation

/// Prefilled terms for a recurring kind of sharing, so drafting asks only for what differs:
/// the parties, the target and the fields. Built-in templates cover the cases the pandemic
/// made routine; an agency can add its own.
public struct AgreementTemplate: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var description: String
    /// The agency that defined it; nil for the built-in templates.
    public var agency: String?
    public var purpose: Purpose
    public var legalBasis: LegalBasis
    public var methods: [String]
    /// Length of the validity period when the draft gives no end date.
    public var validityDays: Int
    public var quota: Quota
    public var retentionDays: Int
    public var onwardSharing: Bool
    /// Agreements drafted from it grant private statistics with this budget, not records.
    public var privacyBudget: PrivacyBudget?

    public init(id: String, title: String, description: String, agency: String? = nil, purpose: Purpose, legalBasis: LegalBasis,
                methods: [String] = ["GET"], validityDays: Int, quota: Quota, retentionDays: Int, onwardSharing: Bool = false,
                privacyBudget: PrivacyBudget? = nil) {
        self.id = id
        self.title = title
        self.description = description
        self.agency = agency
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.methods = methods
        self.validityDays = validityDays
        self.quota = quota
        self.retentionDays = retentionDays
        self.onwardSharing = onwardSharing
        self.privacyBudget = privacyBudget
    }

    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Slug.isValid(id), "/id", "must be \(Slug.rule)")
        validator.requireText(title, "/title", maxLength: 200)
        validator.limitText(description, "/description", maxLength: 10_000)
        AgreementTerms.checkShared(purpose: purpose, legalBasis: legalBasis, quota: quota, retentionDays: retentionDays, into: &validator)
        validator.check(!methods.isEmpty && methods.allSatisfy(AgreementTerms.allowedMethods.contains), "/methods",
                        "must be one or more of \(AgreementTerms.allowedMethods.joined(separator: ", "))")
        validator.check(validityDays >= 1 && validityDays <= 3_660, "/validityDays", "must be between 1 and 3,660")
        privacyBudget?.check(into: &validator, at: "/privacyBudget")
        try validator.finish()
    }

    public static let builtIn: [AgreementTemplate] = [
        AgreementTemplate(
            id: "public-health-emergency", title: "Public health emergency",
            description: "Sharing needed to protect life during a declared public health emergency: case follow-up, shielding, vaccination. Short, renewable, no onward sharing.",
            purpose: Purpose(code: "public-health-emergency", description: "Respond to a declared public health emergency."),
            legalBasis: LegalBasis(ground: .publicTask, citation: "Public Health (Emergency Powers) Act, emergency declaration in force"),
            validityDays: 180, quota: Quota(perMinute: 600, perDay: 200_000), retentionDays: 90),
        AgreementTemplate(
            id: "official-statistics", title: "Official statistics",
            description: "Microdata for the national statistics office to produce official statistics; results are published only in aggregate.",
            purpose: Purpose(code: "official-statistics", description: "Produce and publish official statistics."),
            legalBasis: LegalBasis(ground: .legalObligation, citation: "Statistics Act, duty to supply data for official statistics"),
            validityDays: 365, quota: Quota(perMinute: 120, perDay: 1_000_000), retentionDays: 365),
        AgreementTemplate(
            id: "service-delivery", title: "Service delivery",
            description: "One agency checks or fetches a resident's data held by another to deliver a public service without asking the resident again.",
            purpose: Purpose(code: "service-delivery", description: "Deliver a public service to the resident the call is about."),
            legalBasis: LegalBasis(ground: .publicTask, citation: "Digital Government Act, once-only principle"),
            validityDays: 730, quota: Quota(perMinute: 300, perDay: 50_000), retentionDays: 30),
        AgreementTemplate(
            id: "research-statistics", title: "Research (private statistics)",
            description: "A researcher's system asks differentially private questions of a dataset (counts, sums, means, quantiles, histograms) and never sees a record. A total budget of ρ = 1 (about ε = 1.4 per answer at most, or 50 answers at ε = 0.2), at most ρ = 0.1 a day.",
            purpose: Purpose(code: "research-statistics", description: "Research that needs aggregate figures, answered with differential privacy."),
            legalBasis: LegalBasis(ground: .publicTask, citation: "Statistics Act, access to data for research in the public interest"),
            methods: ["POST"], validityDays: 365, quota: Quota(perMinute: 60, perDay: 2_000), retentionDays: 365, onwardSharing: true,
            privacyBudget: PrivacyBudget(rho: 1, dailyRho: 0.1)),
        AgreementTemplate(
            id: "statistics-publication", title: "Statistics publication (private statistics)",
            description: "A statistics office or partner prepares figures for publication from another agency's data with differential privacy: a budget of ρ = 2 for the year, no daily limit.",
            purpose: Purpose(code: "statistics-publication", description: "Prepare statistics for publication, answered with differential privacy."),
            legalBasis: LegalBasis(ground: .legalObligation, citation: "Statistics Act, duty to supply data for official statistics"),
            methods: ["POST"], validityDays: 365, quota: Quota(perMinute: 60, perDay: 5_000), retentionDays: 3_650, onwardSharing: true,
            privacyBudget: PrivacyBudget(rho: 2)),
        AgreementTemplate(
            id: "record-linkage", title: "Record linkage (encoded identifiers)",
            description: "Two agencies find the people they both hold without exchanging names or birth dates: each encodes the agreed identifiers locally (CLKs), Causeway compares the encodings and tells each side only which of its rows match. 90 days; the encodings are deleted when the project closes.",
            purpose: Purpose(code: "record-linkage", description: "Find the same people in both agencies' lists without sharing their identifiers."),
            legalBasis: LegalBasis(ground: .publicTask, citation: "Digital Government Act, once-only principle"),
            methods: ["GET", "PUT"], validityDays: 90, quota: Quota(perMinute: 60, perDay: 1_000), retentionDays: 90),
    ]
}
