/// The DCAT-AP data themes (EU "data-theme" authority table). Causeway uses the EU list as its
/// fixed set of groups so that catalogues from different agencies facet the same way and
/// harvest cleanly into European portals.
public enum Theme: String, Sendable, Codable, CaseIterable, Hashable {
    case AGRI, ECON, EDUC, ENER, ENVI, GOVE, HEAL, INTL, JUST, REGI, SOCI, TECH, TRAN

    public var label: String {
        switch self {
        case .AGRI: return "Agriculture, fisheries, forestry and food"
        case .ECON: return "Economy and finance"
        case .EDUC: return "Education, culture and sport"
        case .ENER: return "Energy"
        case .ENVI: return "Environment"
        case .GOVE: return "Government and public sector"
        case .HEAL: return "Health"
        case .INTL: return "International issues"
        case .JUST: return "Justice, legal system and public safety"
        case .REGI: return "Regions and cities"
        case .SOCI: return "Population and society"
        case .TECH: return "Science and technology"
        case .TRAN: return "Transport"
        }
    }

    /// The CKAN group name for the theme (CKAN names are lowercase slugs).
    public var groupName: String { rawValue.lowercased() }

    public init?(groupName: String) {
        self.init(rawValue: groupName.uppercased())
    }

    public var vocabularyURI: String {
        "http://publications.europa.eu/resource/authority/data-theme/" + rawValue
    }
}
