@testable import CausewayCore
import Testing

@Suite("Upstream API targets")
struct UpstreamAPITests {
    static func api(_ base: String) -> UpstreamAPI {
        UpstreamAPI(provider: "p", code: "c", title: "C", baseURL: base, paths: ["/**"], responseFields: ["id"], personalData: false)
    }

    @Test func theSentPathIncludesTheBaseAndIsNeverEmpty() throws {
        let target = try Self.api("http://h:8081/base/").upstreamURL(rawPath: "/persons/S123%41", query: "a=1")
        #expect(target == .init(url: "http://h:8081/base/persons/S123%41?a=1", path: "/persons/S123A", sentPath: "/base/persons/S123%41", query: "a=1"))
        let root = try Self.api("http://h:8081").upstreamURL(rawPath: "", query: nil)
        #expect(root == .init(url: "http://h:8081", path: "/", sentPath: "/", query: ""))
        #expect(try Self.api("https://h").upstreamURL(rawPath: "/x", query: "").url == "https://h/x")
    }

    @Test(arguments: ["x", "/a/../b", "/a/%2e%2e/b", "/a%2fb", "/a//b", "/a%252fb", "/a\\b", "/%zz", "/a b", "/a%00"])
    func pathsThatCouldLeaveTheBaseAreRefused(path: String) {
        #expect(throws: UpstreamAPI.PathError.self) { try Self.api("http://h/base").upstreamURL(rawPath: path, query: nil) }
    }
}
