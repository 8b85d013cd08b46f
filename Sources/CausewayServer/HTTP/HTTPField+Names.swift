import HTTPTypes

extension HTTPField.Name {
    /// A header name written in the source: valid by inspection, so a failure is a typo here,
    /// caught by the first test that touches it.
    static func literal(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name \(text)") }
        return name
    }

    /// Header names HTTPTypes does not define, used across the node.
    static let referrerPolicy = HTTPField.Name.literal("Referrer-Policy")
    static let xForwardedFor = HTTPField.Name.literal("X-Forwarded-For")
    static let xCKANAPIKey = HTTPField.Name.literal("X-CKAN-API-Key")
    static let pragma = HTTPField.Name.literal("Pragma")
    static let link = HTTPField.Name.literal("Link")
    static let contentDigest = HTTPField.Name.literal("Content-Digest")
    static let signature = HTTPField.Name.literal("Signature")
    static let signatureInput = HTTPField.Name.literal("Signature-Input")
    /// The hosted data version an answer was read from: the records API and the gateway.
    static let xCSRFToken = HTTPField.Name.literal("X-CSRF-Token")
    static let causewayDataVersion = HTTPField.Name.literal("Causeway-Data-Version")
}
