import CausewayCore
import Foundation

/// What a party downloads: the project's terms, then its own rows that were linked, each with
/// the link's opaque identifier (and its similarity where the project grants scores). Rows of
/// different parties that share a link identifier are the same person, as far as the
/// encodings can tell; no party learns anything of another's rows beyond that.
enum LinkageResultBody {
    struct Head: Encodable {
        var project: String
        var linkage: String
        var party: String
        var parties: [String]
        var threshold: Double
        var solver: LinkageProject.Solver
        var grant: LinkageProject.Grant
        var records: Int
        var linkedRows: Int
    }

    /// The stored rows (a JSON array) spliced into the document, so a million rows are not
    /// decoded and encoded again.
    static func json(project: LinkageProject, party: String, rows: Data, linkedRows: Int) -> Data {
        let head = Head(project: project.id, linkage: project.name, party: party, parties: project.parties, threshold: project.threshold,
                        solver: project.solver, grant: project.grant,
                        records: project.uploads.first { $0.party == party }?.records ?? 0, linkedRows: linkedRows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var document = (try? encoder.encode(head)) ?? Data("{}".utf8)
        document.removeLast()
        document.append(contentsOf: Data(",\"rows\":".utf8))
        document.append(rows)
        document.append(contentsOf: Data("}".utf8))
        return document
    }
}
