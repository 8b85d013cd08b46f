import CausewayCore
import Foundation
import Testing

@Suite("Subject hash")
struct SubjectHashTests {
    /// RFC 4231 test case 2, so the log's hashes are HMAC-SHA-256 as published and anyone with
    /// the key can compute them; blanks around the identifier do not count.
    @Test func isHMACSHA256OfTheTrimmedIdentifier() {
        let hash = SubjectHash(key: Data("Jefe".utf8))
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(hash.hash("what do ya want for nothing?") == expected)
        #expect(hash.hash("  what do ya want for nothing?\t") == expected)
        // The keyed state is copied, not consumed: the same input hashes the same twice.
        #expect(hash.hash("S1234567A") == hash.hash("S1234567A"))
        #expect(hash.hash("S1234567A") != hash.hash("S1234567B"))
    }
}
