/// Why the provider may lawfully share: the ground (GDPR Article 6(1), which most public
/// sector data protection laws mirror) and the law that gives it, in words a lawyer cites.
public struct LegalBasis: Sendable, Hashable, Codable {
    public enum Ground: String, Sendable, Hashable, Codable, CaseIterable {
        case consent
        case contract
        case legalObligation = "legal-obligation"
        case vitalInterests = "vital-interests"
        case publicTask = "public-task"
        case legitimateInterests = "legitimate-interests"

        public var label: String {
            switch self {
            case .consent: return "Consent of the data subject"
            case .contract: return "Performance of a contract"
            case .legalObligation: return "Compliance with a legal obligation"
            case .vitalInterests: return "Protection of vital interests"
            case .publicTask: return "Performance of a task in the public interest"
            case .legitimateInterests: return "Legitimate interests"
            }
        }
    }

    public var ground: Ground
    /// The statute or instrument, for example "Public Health Act 2020, s. 12".
    public var citation: String

    public init(ground: Ground, citation: String) {
        self.ground = ground
        self.citation = citation
    }
}
