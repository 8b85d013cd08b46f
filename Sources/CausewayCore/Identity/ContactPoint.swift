/// Who answers questions about a dataset (DCAT `contactPoint`, a vCard in RDF).
public struct ContactPoint: Sendable, Hashable, Codable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// A deliberately loose check: one '@' with text either side and a dot in the domain.
    /// Real verification is a mail round trip, which a catalogue is not the place for.
    public static func isPlausibleEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !value.contains(where: \.isWhitespace)
    }
}
