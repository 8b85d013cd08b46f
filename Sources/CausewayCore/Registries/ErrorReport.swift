import Foundation

/// A reader's report that a registry record is wrong, with the value they believe is right.
/// Base registries give other agencies a duty to report errors instead of fixing their own
/// copies; the report is what makes that duty cheap. While it is open the record says "under
/// investigation" wherever it is read; the owner closes it by accepting (with a correction)
/// or rejecting (with a reason).
public struct ErrorReport: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case open, accepted, rejected
    }

    public var id: String
    public var registry: String
    public var record: String
    public var state: State
    /// Who reported: a person's username, or `agency/system` for a system through the gateway.
    public var reporter: String
    public var reporterAgency: String
    /// The fields the reporter believes are wrong, with the values they propose.
    public var proposed: [String: CellValue]
    public var note: String
    public var opened: Date
    public var resolved: Date?
    public var resolvedBy: String?
    /// The owner's reason for the outcome.
    public var resolution: String?

    public init(id: String, registry: String, record: String, reporter: String, reporterAgency: String, proposed: [String: CellValue],
                note: String, opened: Date) {
        self.id = id
        self.registry = registry
        self.record = record
        self.state = .open
        self.reporter = reporter
        self.reporterAgency = reporterAgency
        self.proposed = proposed
        self.note = note
        self.opened = opened
    }

    /// The report's own fields, checked against the registry: a note is required, and the
    /// proposed values are a valid patch of the record (``Registry/typedPatch(_:under:)``).
    public static func checkProposal(_ cells: [String: String?], note: String, in registry: Registry) throws(ValidationError) -> [String: CellValue] {
        var validator = Validator()
        validator.requireText(note, "/note", maxLength: 5_000)
        do {
            let proposed = try registry.typedPatch(cells, under: "/proposed")
            try validator.finish()
            return proposed
        } catch {
            throw ValidationError(validator.errors + error.errors)
        }
    }
}
