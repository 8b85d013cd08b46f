/// Why an uploaded encounter was not used: every record of an upload is either used or
/// counted under one of these, so the tracer sees what a phone sent and nothing vanishes.
public enum EncounterIssue: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// A required field is missing or of the wrong type, or the RSSI is impossible.
    case malformed
    /// The record carries no TempID (`msg`).
    case noTempID = "no-tempid"
    /// The record names another organisation: a TempID this authority did not issue.
    case otherOrganisation = "other-organisation"
    /// The record's time is later than the upload.
    case inFuture = "in-future"
    /// The record is older than the retention period (21 days unless configured).
    case tooOld = "too-old"
    /// The same TempID at the same second appears earlier in the upload.
    case duplicate
    /// The TempID opens under none of the keys kept: forged, altered, or from a key that expired.
    case failedDecryption = "failed-decryption"
    /// The TempID was not valid at the record's time (replayed, or the phone's clock is wrong).
    case expiredTempID = "expired-tempid"
    /// The phone heard one of its own TempIDs.
    case ownTempID = "own-tempid"

    public var explanation: String {
        switch self {
        case .malformed: "a required field is missing or of the wrong type"
        case .noTempID: "no TempID was heard"
        case .otherOrganisation: "the TempID belongs to another organisation"
        case .inFuture: "the time is later than the upload"
        case .tooOld: "older than the retention period"
        case .duplicate: "the same TempID at the same time is already in the upload"
        case .failedDecryption: "the TempID does not open under any key kept (forged, or its key has expired)"
        case .expiredTempID: "the TempID was not valid at that time"
        case .ownTempID: "the phone heard itself"
        }
    }

    public static func < (lhs: EncounterIssue, rhs: EncounterIssue) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
