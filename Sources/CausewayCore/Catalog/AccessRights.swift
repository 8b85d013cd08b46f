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

    /// How closed the data is: public 0, restricted 1, personal 2.
    public var closedness: Int {
        switch self {
        case .public: return 0
        case .restricted: return 1
        case .personal: return 2
        }
    }

    /// Whether going from `self` to `other` opens the data to more readers: the change that
    /// needs two people (see ``AccessChange``). Closing it further needs no one's approval.
    public func opens(to other: AccessRights) -> Bool {
        other.closedness < closedness
    }

    public var label: String {
        switch self {
        case .public: return "Public"
        case .restricted: return "Restricted"
        case .personal: return "Personal data"
        }
    }
}
