@testable import CausewayServer
import Testing

/// Query strings and form bodies as browsers, curl and CKAN clients encode them.
@Suite("Form encoding")
struct FormEncodingTests {
    @Test(arguments: [
        ("sort=name+asc", "sort=name asc"),
        ("a%20b%2Bc", "a b+c"),
        ("%E2%82%AC%c3%a9", "€é"),
        ("caf\u{E9}", "caf\u{E9}"),
        ("100%", "100%"),
        ("50%2", "50%2"),
        ("%zz+%4", "%zz %4"),
        ("%FF+x", "%FF x"),  // not UTF-8 once decoded: kept as sent, spaces apart
        ("", ""),
    ])
    func decoding(_ sent: String, _ meant: String) {
        #expect(FormEncoding.decode(Substring(sent)) == meant)
    }

    @Test func pairsKeepTheirOrderAndSplitOnTheFirstEquals() {
        let pairs = FormEncoding.pairs("fq=organization%3Aa+OR+organization%3Ab&rows&&q=x=y&=v")
        #expect(pairs.map(\.name) == ["fq", "rows", "q", ""])
        #expect(pairs.map(\.value) == ["organization:a OR organization:b", "", "x=y", "v"])
    }
}
