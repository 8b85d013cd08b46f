import HTTPTypes

/// The protocol's header names (DESIGN.md § Exchange protocol).
enum ExchangeHeaders {
    static let purpose = HTTPField.Name.literal("Causeway-Purpose")
    static let subject = HTTPField.Name.literal("Causeway-Subject")
    static let requestID = HTTPField.Name.literal("Causeway-Request-Id")
    static let agreement = HTTPField.Name.literal("Causeway-Agreement")
    static let auditIndex = HTTPField.Name.literal("Causeway-Audit-Index")
    static let client = HTTPField.Name.literal("Causeway-Client")
}
