/// What an agreement opens: a dataset the provider publishes (by its catalogue id), an API
/// the provider exposes through the gateway (by its service code), or a record linkage the
/// provider coordinates (by the name its linkage project will carry), in which the consumer
/// may compare encodings of the agreed fields and learn which of its records match.
public enum AgreementTarget: Sendable, Hashable, Codable {
    case dataset(String)
    case service(String)
    case linkage(String)

    public var kind: String {
        switch self {
        case .dataset: return "dataset"
        case .service: return "service"
        case .linkage: return "linkage"
        }
    }

    public var identifier: String {
        switch self {
        case .dataset(let id), .service(let id), .linkage(let id): return id
        }
    }
}
