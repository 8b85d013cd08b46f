import Foundation

/// Checks for the URLs a catalogue stores (landing pages, download links). Only absolute
/// http(s) URLs are accepted: a `javascript:` or `file:` link in a public portal is an attack.
public enum WebAddress {
    public static func isValid(_ value: String) -> Bool {
        guard value.count <= 2_000, !value.contains(where: { $0.isWhitespace }) else { return false }
        let lower = value.lowercased()
        for scheme in ["https://", "http://"] where lower.hasPrefix(scheme) {
            let rest = lower.dropFirst(scheme.count)
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return !host.isEmpty
        }
        return false
    }
}
