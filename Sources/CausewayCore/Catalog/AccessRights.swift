/// Who may read a dataset's data. Mirrors the DCAT-AP access-rights vocabulary, with personal
/// data split out from restricted because it decides whether a data protection officer must
/// approve an agreement.
public enum AccessRights: String, Sendable, Codable, CaseIterable, Hashable {
    /// Open data: anyone may read it, no agreement needed.
    case `public`
    /// Shared between agencies only under a data sharing agreement.
    case restricted
    /// Personal data: shared only under an agreement a DPO has signed off.
    case personal

    /// The EU access-rights authority URI this value is published as in DCAT-AP.
    public var vocabularyURI: String {
        let base = "http://publications.europa.eu/resource/authority/access-right/"
        switch self {
        case .public: return base + "PUBLIC"
        case .restricted: return base + "RESTRICTED"
        case .personal: return base + "NON_PUBLIC"
        }
    }

    public var label: String {
        switch self {
        case .public: return "Public"
        case .restricted: return "Restricted"
        case .personal: return "Personal data"
        }
    }
}
