/// How often a dataset is updated (DCAT `accrualPeriodicity`), from the EU frequency table.
public enum Frequency: String, Sendable, Codable, CaseIterable, Hashable {
    case CONT, DAILY, WEEKLY, MONTHLY, QUARTERLY, ANNUAL, IRREG, NEVER, UNKNOWN

    public var label: String {
        switch self {
        case .CONT: return "Continuous"
        case .DAILY: return "Daily"
        case .WEEKLY: return "Weekly"
        case .MONTHLY: return "Monthly"
        case .QUARTERLY: return "Quarterly"
        case .ANNUAL: return "Annual"
        case .IRREG: return "Irregular"
        case .NEVER: return "Never"
        case .UNKNOWN: return "Unknown"
        }
    }

    public var vocabularyURI: String {
        "http://publications.europa.eu/resource/authority/frequency/" + rawValue
    }
}
