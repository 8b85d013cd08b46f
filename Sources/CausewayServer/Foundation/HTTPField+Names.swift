import HTTPTypes

extension HTTPField.Name {
    /// A header name written in the source: valid by inspection, so a failure is a typo here,
    /// caught by the first test that touches it.
    static func literal(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name \(text)") }
        return name
    }

    /// Header names HTTPTypes does not define, used across the node.
    static var referrerPolicy: HTTPField.Name { .literal("Referrer-Policy") }
    static var xForwardedFor: HTTPField.Name { .literal("X-Forwarded-For") }
    static var xCKANAPIKey: HTTPField.Name { .literal("X-CKAN-API-Key") }
    static var pragma: HTTPField.Name { .literal("Pragma") }
    static var link: HTTPField.Name { .literal("Link") }
    static var contentDigest: HTTPField.Name { .literal("Content-Digest") }
    static var signature: HTTPField.Name { .literal("Signature") }
    static var signatureInput: HTTPField.Name { .literal("Signature-Input") }
}
