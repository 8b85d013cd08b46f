/// `application/x-www-form-urlencoded` as browsers, curl and CKAN clients write it — in query
/// strings and form bodies alike: pairs split on `&` and the first `=`, `+` for a space, then
/// percent-decoding (a malformed escape is kept as sent rather than dropped). One reading for
/// every query string and form in the node, so `sort=name+asc` means the same everywhere.
enum FormEncoding {
    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The pairs of `query`, in order; a name without `=` has the empty value.
    static func pairs(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count == 2 ? decode(parts[1]) : "")
        }
    }
}
