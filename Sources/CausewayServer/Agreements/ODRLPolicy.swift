import CausewayCore
import CausewayStore
import Foundation

/// An agreement as a W3C ODRL 2.2 `Agreement` policy in JSON-LD: the provider (assigner)
/// permits the consumer (assignee) to use the agreed fields of the target, constrained by
/// purpose, validity period and daily count, with the duty to delete within the retention
/// period — and, unless onward sharing is agreed, a prohibition to distribute.
enum ODRLPolicy {
    static func render(_ agreement: Agreement, baseURL: String) -> JSONValue {
        let terms = agreement.terms
        let target = targetIRI(agreement.target, baseURL)
        let assets: JSONValue = .object([
            "@type": "AssetCollection",
            "uid": .string("\(baseURL)/api/v1/agreements/\(agreement.id)#assets"),
            "source": .string(target),
            "dct:hasPart": .array(terms.fields.map { .string("\(target)#field-\($0)") }),
        ])
        let permission: JSONValue = .object([
            "target": assets,
            "action": "use",
            "constraint": .array([
                constraint("purpose", "eq", .string(terms.purpose.code)),
                constraint("dateTime", "gteq", DCATDocument.dateTime(terms.validFrom)),
                constraint("dateTime", "lt", DCATDocument.dateTime(terms.validUntil)),
                constraint("count", "lteq", .number(Double(terms.quota.perDay))),
                constraint("timeInterval", "eq", duration("P1D")),
            ]),
            "duty": .array([.object([
                "action": "delete",
                "constraint": .array([constraint("elapsedTime", "lteq", duration("P\(terms.retentionDays)D"))]),
            ])]),
        ])
        var policy: [String: JSONValue] = [
            "@context": .array([
                "http://www.w3.org/ns/odrl.jsonld",
                .object(["dct": "http://purl.org/dc/terms/", "dpv": "https://w3id.org/dpv#"]),
            ]),
            "@type": "Agreement",
            "uid": .string("\(baseURL)/api/v1/agreements/\(agreement.id)"),
            "dct:title": .string(agreement.title),
            "dct:description": .string(terms.purpose.description),
            "dpv:hasLegalBasis": .object([
                "@id": .string("https://w3id.org/dpv/legal/eu/gdpr#A6-1-\(gdprPoint(terms.legalBasis.ground))"),
                "dct:description": .string(terms.legalBasis.citation),
            ]),
            "assigner": .string(DCATDocument.agencyIRI(agreement.provider, baseURL)),
            "assignee": .string(DCATDocument.agencyIRI(agreement.consumer, baseURL)),
            "permission": .array([permission]),
        ]
        if !terms.onwardSharing {
            policy["prohibition"] = .array([.object(["target": assets, "action": "distribute"])])
        }
        return .object(policy)
    }

    static func targetIRI(_ target: AgreementTarget, _ baseURL: String) -> String {
        switch target {
        case .dataset(let id): return "\(baseURL)/datasets/\(id)"
        case .service(let code): return "\(baseURL)/services/\(code)"
        case .linkage(let name): return "\(baseURL)/linkage/\(name)"
        }
    }

    private static func constraint(_ left: String, _ op: String, _ right: JSONValue) -> JSONValue {
        .object(["leftOperand": .string(left), "operator": .string(op), "rightOperand": right])
    }

    private static func duration(_ text: String) -> JSONValue {
        .object(["@value": .string(text), "@type": "xsd:duration"])
    }

    /// The point of GDPR Article 6(1) each ground is, as the DPV GDPR extension names it.
    private static func gdprPoint(_ ground: LegalBasis.Ground) -> String {
        switch ground {
        case .consent: return "a"
        case .contract: return "b"
        case .legalObligation: return "c"
        case .vitalInterests: return "d"
        case .publicTask: return "e"
        case .legitimateInterests: return "f"
        }
    }
}
