/// What an agreement opens: a dataset the provider publishes (by its catalogue id), or an API
/// the provider exposes through the gateway (by its service code).
public enum AgreementTarget: Sendable, Hashable, Codable {
    case dataset(String)
    case service(String)

    public var kind: String {
        switch self {
        case .dataset: return "dataset"
        case .service: return "service"
        }
    }

    public var identifier: String {
        switch self {
        case .dataset(let id), .service(let id): return id
        }
    }
}
