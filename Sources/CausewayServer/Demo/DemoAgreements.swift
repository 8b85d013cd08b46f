import CausewayCore
import Foundation

/// The demo government's agreements: one in every state, walked through the real lifecycle
/// by the demo people (so the timelines and four-eyes approvals are genuine), with dates
/// relative to the moment the demo is loaded so that "active" is active when you look.
public enum DemoAgreements {
    /// One demo agreement: its draft, who acts, and how far it goes.
    public struct Spec: Sendable {
        public var id: String
        public var draft: AgreementDraft
        public var drafter: String
        /// Days from load time: when it starts and ends.
        public var startDay: Double
        public var endDay: Double
        public var goal: AgreementState
        /// Provider people: steward, DPO.
        public var steward: String
        public var dpo: String
        public var reason: String?
    }

    static func spec(_ id: String, _ goal: AgreementState, template: String, provider: String, prefix: String, dataset: String? = nil,
                     service: String? = nil, linkage: String? = nil, consumer: String, consumerPrefix: String, system: String, fields: [String],
                     purpose: Purpose? = nil, days: (Double, Double) = (-90, 150), reason: String? = nil) -> Spec {
        Spec(id: id,
             draft: AgreementDraft(template: template, provider: provider, consumer: consumer, systems: [system], dataset: dataset,
                                   service: service, linkage: linkage, fields: fields, purpose: purpose),
             drafter: "\(consumerPrefix).engineer", startDay: days.0, endDay: days.1, goal: goal,
             steward: "\(prefix).steward", dpo: "\(prefix).dpo", reason: reason)
    }

    public static let specs: [Spec] = [
        spec("agr-demo-shielding", .active, template: "public-health-emergency", provider: "health-ministry", prefix: "hm",
             dataset: "vulnerable-persons-register", consumer: "social-services", consumerPrefix: "ss", system: "shielding-portal",
             fields: ["person_id", "full_name", "address_id", "phone", "needs_food_support"],
             purpose: Purpose(code: "shielding-support", description: "Contact shielding residents and deliver food and medicine to those who need it.")),
        spec("agr-demo-shielding-api", .active, template: "public-health-emergency", provider: "health-ministry", prefix: "hm",
             service: "vulnerable-persons-api", consumer: "social-services", consumerPrefix: "ss", system: "shielding-portal",
             fields: ["person_id", "full_name", "address_id", "phone", "needs_food_support"],
             purpose: Purpose(code: "shielding-support", description: "Contact shielding residents and deliver food and medicine to those who need it.")),
        spec("agr-demo-population-shielding", .active, template: "public-health-emergency", provider: "statistics-office", prefix: "so",
             dataset: "population", consumer: "social-services", consumerPrefix: "ss", system: "shielding-portal",
             fields: ["person_id", "given_name", "family_name", "address_id"],
             purpose: Purpose(code: "shielding-support", description: "Contact shielding residents and deliver food and medicine to those who need it.")),
        spec("agr-demo-shielding-linkage", .active, template: "record-linkage", provider: "health-ministry", prefix: "hm",
             linkage: "shielding-deliveries", consumer: "social-services", consumerPrefix: "ss", system: "shielding-portal",
             fields: ["given_name", "family_name", "date_of_birth", "postcode"],
             purpose: Purpose(code: "shielding-deliveries", description: "Find which shielding residents the food delivery lists already reach, without exchanging their names.")),
        spec("agr-demo-outbreak", .submitted, template: "public-health-emergency", provider: "health-ministry", prefix: "hm",
             dataset: "positive-test-results-for-contact-tracing", consumer: "capital-city", consumerPrefix: "cc", system: "resident-services",
             fields: ["test_id", "sample_date"],
             purpose: Purpose(code: "outbreak-follow-up", description: "Follow up outbreaks in council-run care homes.")),
        spec("agr-demo-census-research", .draft, template: "official-statistics", provider: "statistics-office", prefix: "so",
             dataset: "census-2021-microdata-sample", consumer: "health-ministry", consumerPrefix: "hm", system: "case-registry",
             fields: ["age_band", "sex", "region_code", "household_size"]),
        spec("agr-demo-census-statistics", .active, template: "research-statistics", provider: "statistics-office", prefix: "so",
             dataset: "census-2021-microdata-sample", consumer: "health-ministry", consumerPrefix: "hm", system: "case-registry",
             fields: ["age_band", "sex", "region_code", "household_size"]),
        spec("agr-demo-ownership-statistics", .approved, template: "official-statistics", provider: "land-authority", prefix: "la",
             dataset: "property-ownership-titles", consumer: "statistics-office", consumerPrefix: "so", system: "census-pipeline",
             fields: ["title_id", "parcel_id", "registered"], days: (14, 379)),
        spec("agr-demo-household-support", .suspended, template: "service-delivery", provider: "social-services", prefix: "ss",
             dataset: "household-support-case-records", consumer: "capital-city", consumerPrefix: "cc", system: "resident-services",
             fields: ["case_id", "household_id", "needs"], reason: "Retention breach under investigation: copies kept past 30 days."),
        spec("agr-demo-delivery-planning", .expired, template: "public-health-emergency", provider: "social-services", prefix: "ss",
             dataset: "shielding-support-deliveries", consumer: "health-ministry", consumerPrefix: "hm", system: "case-registry",
             fields: ["week", "district", "food_parcels"], days: (-400, -220)),
        spec("agr-demo-parking", .revoked, template: "service-delivery", provider: "transport-authority", prefix: "ta",
             dataset: "vehicle-registrations", consumer: "capital-city", consumerPrefix: "cc", system: "resident-services",
             fields: ["registration", "keeper_name", "address_id"], reason: "Purpose fulfilled: the residents' parking scheme has ended."),
        spec("agr-demo-council-tax", .rejected, template: "service-delivery", provider: "capital-city", prefix: "cc",
             dataset: "council-tax-accounts", consumer: "social-services", consumerPrefix: "ss", system: "shielding-portal",
             fields: ["account_id", "liable_person", "arrears"], reason: "Arrears are not needed to deliver shielding support; ask for address_id only."),
    ]
}
