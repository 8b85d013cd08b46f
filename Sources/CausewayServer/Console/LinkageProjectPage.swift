import CausewayCore
import Foundation

/// `/console/linkage/{project}`: where a project stands (who has uploaded, the comparison's
/// outcome), the schema every party encodes with, the person's party's upload form while it
/// is due, its results once they are ready (downloaded, never shown: each download is
/// logged), and, for the coordinator's stewards, closing.
struct LinkageProjectPage {
    struct Party {
        var name: String
        var role: String
        var upload: String
    }

    var chrome: PageChrome
    var id: String
    var title: String
    var name: String
    var state: String
    var threshold: String
    var solver: String
    var grant: String
    var parties: [Party]
    var outcome: String?
    var failure: String?
    /// While uploads are due: whom the project waits for.
    var waiting: String?
    var schema: String
    var schemaHref: String
    var encodingBits: Int
    /// The command that makes this project's upload.
    var encodeCommand: String
    var party: String?
    var canUpload: Bool
    var resultsHref: String?
    var canClose: Bool
    var closed: String?
    var error: String?

    init(chrome: PageChrome, project: LinkageProject, party: String?, user: User, error: String?) {
        self.chrome = chrome
        id = project.id
        title = project.title
        name = project.name
        state = Self.stateText(project.state)
        threshold = String(project.threshold)
        solver = project.solver == .greedy ? "one to one (greedy)" : "every pair at or above the threshold"
        grant = (project.grant == .links ? "rows against link identifiers" : "rows against link identifiers, with similarities")
            + (project.balanced == true ? "; encodings are balanced" : "")
        parties = project.parties.map { name in
            let upload = project.uploads.first { $0.party == name }
            return Party(name: name, role: name == project.owner ? "coordinator" : "partner",
                         upload: upload.map { "\($0.records) encodings, by \($0.uploadedBy), \(PageText.dateTime($0.at))" } ?? "not yet")
        }
        outcome = project.outcome.map {
            "\($0.links) links from \($0.candidates) candidates; \($0.comparisons) comparisons (\($0.blocking)) in \(String(format: "%.1f", $0.seconds)) s"
        }
        failure = project.failure
        waiting = project.state == .collecting ? "Waiting for " + project.waitingFor.joined(separator: " and ") + " to upload." : nil
        schemaHref = "/console/linkage/\(project.id)/schema.json"
        schema = String(decoding: Self.schemaFile(project), as: UTF8.self)
        encodingBits = project.encodingBytes * 8
        encodeCommand = "causeway link encode --with-schema" + (project.balanced == true ? " --balance" : "")
            + " --schema \(project.name)-schema.json --secret-file shared.secret -o upload.json list.csv"
        self.party = party
        canUpload = party.map { mine in project.state == .collecting && !project.uploads.contains { $0.party == mine } } ?? false
        resultsHref = party != nil && project.hasResults ? "/console/linkage/\(project.id)/results.json" : nil
        canClose = project.state != .closed && project.state != .matching
            && project.isCoordinator(user)
        closed = project.closedAt.map { "Closed \(PageText.dateTime($0)): every encoding is deleted." }
        self.error = error
    }

    /// The project's schema as the file a party encodes with: pretty, keys sorted.
    static func schemaFile(_ project: LinkageProject) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(project.schema)) ?? Data("{}".utf8)
    }

    static func stateText(_ state: LinkageProject.State) -> String {
        switch state {
        case .collecting: return "waiting for uploads"
        case .matching: return "comparing"
        case .matched: return "results ready"
        case .failed: return "failed"
        case .closed: return "closed"
        }
    }
}
