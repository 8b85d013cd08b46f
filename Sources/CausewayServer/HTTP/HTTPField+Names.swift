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
    static let xCSRFToken = HTTPField.Name.literal("X-CSRF-Token")
    /// The hosted data version an answer was read from: the records API and the gateway.
    static let causewayDataVersion = HTTPField.Name.literal("Causeway-Data-Version")
    /// A registry's newest event, on a page of its feed: how far behind the reader is.
    static let causewayLastSequence = HTTPField.Name.literal("Causeway-Last-Sequence")
    /// Where a reconnecting Server-Sent Events client resumes (the last `id` it received).
    static let lastEventID = HTTPField.Name.literal("Last-Event-ID")
    static let xAccelBuffering = HTTPField.Name.literal("X-Accel-Buffering")
}
