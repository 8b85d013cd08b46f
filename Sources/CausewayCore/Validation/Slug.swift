/// Identifiers that appear in URLs (agency codes, dataset names, system codes). CKAN clients
/// assume names are lowercase ASCII, so Causeway holds every slug to CKAN's own rule:
/// 2 to 100 characters of `a-z`, `0-9`, `-` and `_`.
public enum Slug {
    public static let minLength = 2
    public static let maxLength = 100

    public static func isValid(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard utf8.count >= minLength, utf8.count <= maxLength else { return false }
        return utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// The rule in words, for error messages.
    public static let rule = "2 to 100 characters: lowercase letters, digits, '-' and '_'"

    /// Derives a slug from a human title (used by the demo and by the dataset generator).
    public static func from(_ title: String) -> String {
        var result = ""
        var lastWasDash = true
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash {
                result += "-"
                lastWasDash = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return String(result.prefix(maxLength))
    }
}
