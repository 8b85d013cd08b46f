import Foundation

/// A confirmed case as a contact tracer opens it: the health authority's own reference (a
/// case number, never a name), and who opened it when. Upload codes, uploads and contact
/// lists hang off it; the case itself outlives them, so the log's entries keep a referent.
public struct TracingCase: Sendable, Hashable, Codable {
    public var id: String
    public var agency: String
    public var reference: String
    public var openedBy: String
    public var created: Date

    public init(id: String, agency: String, reference: String, openedBy: String, created: Date) {
        self.id = id
        self.agency = agency
        self.reference = reference
        self.openedBy = openedBy
        self.created = created
    }

    /// A reference is what a tracer types: 1 to 64 letters, digits, dashes, dots, slashes.
    public static func isValid(reference: String) -> Bool {
        (1...64).contains(reference.count)
            && reference.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-./_".contains($0)) }
    }
}

/// One upload of a confirmed case's phone: made when the phone redeems its upload code
/// (``received`` nil: waiting for the encounters, within the token's validity), completed
/// once with the outcome of processing them.
public struct CaseUpload: Sendable, Hashable, Codable {
    public var id: String
    public var caseID: String
    /// The uploading phone's user id.
    public var uid: String
    public var created: Date
    public var tokenExpires: Date
    public var received: Date?
    public var outcome: EncounterProcessor.Outcome?

    public init(id: String, caseID: String, uid: String, created: Date, tokenExpires: Date, received: Date? = nil,
                outcome: EncounterProcessor.Outcome? = nil) {
        self.id = id
        self.caseID = caseID
        self.uid = uid
        self.created = created
        self.tokenExpires = tokenExpires
        self.received = received
        self.outcome = outcome
    }
}
