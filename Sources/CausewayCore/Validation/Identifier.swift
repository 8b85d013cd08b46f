/// Opaque identifiers of datasets and distributions. Causeway mints lowercase UUIDs, as CKAN
/// does, but accepts any client-chosen id of the same safe alphabet so that harvested
/// catalogues keep their ids.
public enum Identifier {
    public static let rule = "1 to 100 characters: lowercase letters, digits, '-' and '_'"

    public static func isValid(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= 100 else { return false }
        return utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
