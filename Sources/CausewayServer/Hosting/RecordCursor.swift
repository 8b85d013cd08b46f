import Foundation

/// Where the next page starts. It names the version it was made for, so every page of a
/// listing reads the same immutable data: rows appended meanwhile can neither shift a page
/// nor appear twice. In table order it is the last row's id (keyset paging); under a `sort`
/// it is an offset, which is exact because the version does not change.
struct RecordCursor: Hashable {
    var version: Int
    var afterRow: Int64?
    var offset: Int

    var token: String {
        let text = afterRow.map { "\(version):r:\($0)" } ?? "\(version):o:\(offset)"
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init(version: Int, afterRow: Int64?, offset: Int) {
        self.version = version
        self.afterRow = afterRow
        self.offset = offset
    }

    init(token: String) throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let invalid = Problem.badParameter("cursor", "is not a cursor this API issued")
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { throw invalid }
        let parts = text.split(separator: ":")
        guard parts.count == 3, let version = Int(parts[0]), version > 0, let number = Int64(parts[2]), number >= 0 else { throw invalid }
        switch parts[1] {
        case "r": self.init(version: version, afterRow: number, offset: 0)
        case "o": self.init(version: version, afterRow: nil, offset: Int(number))
        default: throw invalid
        }
    }
}
