import Foundation

/// What a coordinator submits to start a linkage: a name (the one its agreements name as their
/// linkage target), the schema every party encodes with, the threshold, and the agreements.
/// The checks that need no store are here; ``project(id:by:agreements:at:)`` makes the project
/// from the agreements the caller looked up.
public struct LinkageProjectDraft: Sendable, Hashable, Codable {
    public var name: String
    public var title: String?
    public var schema: LinkageSchema
    public var threshold: Double
    public var agreements: [String]
    public var solver: LinkageProject.Solver?
    public var grant: LinkageProject.Grant?
    /// Every party balances its encodings (`causeway link encode --balance`).
    public var balanced: Bool?

    public init(name: String, title: String? = nil, schema: LinkageSchema, threshold: Double, agreements: [String],
                solver: LinkageProject.Solver? = nil, grant: LinkageProject.Grant? = nil, balanced: Bool? = nil) {
        self.name = name
        self.title = title
        self.schema = schema
        self.threshold = threshold
        self.agreements = agreements
        self.solver = solver
        self.grant = grant
        self.balanced = balanced
    }

    /// The most agreements (so partners) one project may have.
    public static let maxPartners = 10

    /// The identifiers the schema encodes (its features that are not ignored): the fields the
    /// agreements must allow.
    public var encodedFields: [String] {
        schema.features.filter { $0.ignored != true }.map(\.identifier)
    }

    /// Makes the project, or throws every problem at once. `agreements` holds what the store
    /// has under each requested id (absent when there is none).
    public func project(id: String, by creator: String, agreements found: [String: Agreement], at now: Date) throws(ValidationError) -> LinkageProject {
        var validator = Validator()
        validator.check(Slug.isValid(name), "/name", "must be \(Slug.rule)")
        if let title { validator.requireText(title, "/title", maxLength: 200) }
        validator.check(threshold > 0 && threshold <= 1, "/threshold", "must be above 0 and at most 1 (a Dice similarity)")
        do { try schema.validate() } catch { validator.merge(error, under: "/schema") }
        validator.check(!agreements.isEmpty, "/agreements", "must name the agreements that permit the linkage, one per partner")
        validator.check(agreements.count <= Self.maxPartners, "/agreements", "must name at most \(Self.maxPartners) agreements")
        validator.check(Set(agreements).count == agreements.count, "/agreements", "must not repeat an agreement")
        var owner: String?
        var partners: [String] = []
        for (index, key) in agreements.enumerated() {
            let pointer = "/agreements/\(index)"
            guard let agreement = found[key] else {
                validator.add(FieldError(pointer, "there is no agreement '\(key)'"))
                continue
            }
            validator.check(agreement.target == .linkage(name), pointer,
                            "opens \(agreement.target.kind) '\(agreement.target.identifier)', not the linkage '\(name)'")
            let state = agreement.state(at: now)
            validator.check(state == .active, pointer, "is \(state.rawValue), not active")
            if let owner, owner != agreement.provider {
                validator.add(FieldError(pointer, "is provided by '\(agreement.provider)', the others by '\(owner)': one agency coordinates"))
            }
            owner = owner ?? agreement.provider
            validator.check(!partners.contains(agreement.consumer), pointer, "names '\(agreement.consumer)' again: one agreement per partner")
            partners.append(agreement.consumer)
            let missing = encodedFields.filter { !agreement.terms.fields.contains($0) }
            validator.check(missing.isEmpty, "/schema/features", "encodes \(missing.joined(separator: ", ")), which agreement '\(key)' does not allow "
                            + "(it allows \(agreement.terms.fields.joined(separator: ", ")))")
        }
        try validator.finish()
        guard let owner else { throw ValidationError([FieldError("/agreements", "must name at least one agreement")]) }
        var project = LinkageProject(id: id, name: name, title: title ?? "Record linkage \(name)", owner: owner, parties: [owner] + partners,
                                     agreements: agreements, schema: schema, threshold: threshold, solver: solver ?? .greedy,
                                     grant: grant ?? .links, createdBy: creator, createdAt: now)
        project.balanced = balanced == true ? true : nil
        return project
    }
}
