import Foundation

/// What a person submits to draft (or edit) an agreement. With a template, only the parties,
/// the target and the fields are needed; every other term falls back to the template's.
public struct AgreementDraft: Sendable, Hashable, Codable {
    public var title: String?
    public var template: String?
    public var provider: String
    public var consumer: String
    public var systems: [String]
    public var dataset: String?
    public var service: String?
    /// A record linkage's name: the provider coordinates a linkage project of that name, and
    /// `fields` are the identifiers both sides may encode and compare (never send in clear).
    public var linkage: String?
    public var fields: [String]
    public var purpose: Purpose?
    public var legalBasis: LegalBasis?
    public var methods: [String]?
    public var validFrom: Date?
    public var validUntil: Date?
    public var quota: Quota?
    public var retentionDays: Int?
    public var onwardSharing: Bool?
    /// Services only: let answers that are not JSON pass unreduced.
    public var wholeResponses: Bool?
    /// Datasets only: grant private statistics with this budget instead of records.
    public var privacyBudget: PrivacyBudget?

    public init(title: String? = nil, template: String? = nil, provider: String, consumer: String, systems: [String],
                dataset: String? = nil, service: String? = nil, linkage: String? = nil, fields: [String], purpose: Purpose? = nil,
                legalBasis: LegalBasis? = nil, methods: [String]? = nil, validFrom: Date? = nil, validUntil: Date? = nil,
                quota: Quota? = nil, retentionDays: Int? = nil, onwardSharing: Bool? = nil) {
        self.title = title
        self.template = template
        self.provider = provider
        self.consumer = consumer
        self.systems = systems
        self.dataset = dataset
        self.service = service
        self.linkage = linkage
        self.fields = fields
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.methods = methods
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.quota = quota
        self.retentionDays = retentionDays
        self.onwardSharing = onwardSharing
    }

    /// What the store knows about the target, looked up by the caller: the drafting rules
    /// need it but must not do I/O.
    public struct TargetFacts: Sendable, Hashable {
        public var target: AgreementTarget
        public var publisher: String
        public var accessRights: AccessRights
        /// The target's fields; nil when it declares none (a dataset without a Table Schema).
        public var fields: [String]?

        public init(target: AgreementTarget, publisher: String, accessRights: AccessRights, fields: [String]?) {
            self.target = target
            self.publisher = publisher
            self.accessRights = accessRights
            self.fields = fields
        }
    }

    /// Builds the draft agreement, or throws every problem at once. `target` is nil when the
    /// named dataset or service does not exist; `consumerSystems` are the consumer's systems.
    public func agreement(id: String, drafter: String, at now: Date, template: AgreementTemplate?, target: TargetFacts?,
                          consumerSystems: Set<String>) throws(ValidationError) -> Agreement {
        var validator = Validator()
        if let title { validator.requireText(title, "/title", maxLength: 200) }
        validator.check(self.template == nil || template != nil, "/template", "is not a known template")
        validator.check(Slug.isValid(provider), "/provider", "must be an agency code")
        validator.check(Slug.isValid(consumer), "/consumer", "must be an agency code")
        validator.check(provider != consumer, "/consumer", "must be another agency than the provider")
        validator.check(!systems.isEmpty, "/systems", "must name at least one of the consumer's systems")
        validator.check(Set(systems).count == systems.count, "/systems", "must not repeat a system")
        for (index, system) in systems.enumerated() where !consumerSystems.contains(system) {
            validator.add(FieldError("/systems/\(index)", "'\(system)' is not a system of '\(consumer)'"))
        }
        let named = [("/dataset", dataset), ("/service", service), ("/linkage", linkage)].filter { $0.1 != nil }
        validator.check(named.count == 1, named.last?.0 ?? "/dataset", "name one of a dataset, a service or a linkage")
        if let (pointer, key) = named.first, let key {
            if let target {
                validator.check(target.publisher == provider, pointer, "is published by '\(target.publisher)', not by the provider '\(provider)'")
                validator.check(target.accessRights != .public, pointer, "is open data: anyone may read it without an agreement")
                if linkage == nil {
                    validator.check(target.fields != nil, pointer,
                                    "declares no fields (a dataset needs a Table Schema) so the allowed fields cannot be checked")
                }
            } else {
                validator.add(FieldError(pointer, linkage == nil ? "'\(key)' does not exist" : "must be \(Slug.rule)"))
            }
        }
        let from = validFrom ?? now
        let until = validUntil ?? from.addingTimeInterval(Double(template?.validityDays ?? 0) * 86_400)
        let purpose = self.purpose ?? template?.purpose
        let legalBasis = self.legalBasis ?? template?.legalBasis
        let methods = self.methods ?? template?.methods
        let quota = self.quota ?? template?.quota
        let retention = retentionDays ?? template?.retentionDays
        validator.check(purpose != nil, "/purpose", "is required without a template")
        validator.check(legalBasis != nil, "/legalBasis", "is required without a template")
        validator.check(methods != nil, "/methods", "is required without a template")
        validator.check(quota != nil, "/quota", "is required without a template")
        validator.check(retention != nil, "/retentionDays", "is required without a template")
        validator.check(validUntil != nil || template != nil, "/validUntil", "is required without a template")
        guard let purpose, let legalBasis, let methods, let quota, let retention else {
            try validator.finish()
            throw ValidationError(validator.errors)
        }
        let terms = AgreementTerms(purpose: purpose, legalBasis: legalBasis, fields: fields, methods: methods.map { $0.uppercased() },
                                   validFrom: from, validUntil: until, quota: quota, retentionDays: retention,
                                   onwardSharing: onwardSharing ?? template?.onwardSharing ?? false)
        var withWhole = terms
        if wholeResponses == true {
            validator.check(service != nil, "/wholeResponses", "applies to services only: hosted data is always answered field by field")
            withWhole.wholeResponses = true
        }
        if let budget = privacyBudget ?? template?.privacyBudget {
            validator.check(dataset != nil, "/privacyBudget", "applies to hosted datasets only: private statistics are computed over a table")
            withWhole.privacyBudget = budget
        }
        withWhole.check(into: &validator, availableFields: target?.fields)
        try validator.finish()
        guard let target else { throw ValidationError(validator.errors) }
        return Agreement(
            id: id, title: title ?? "\(purpose.code): \(provider) to \(consumer)", provider: provider, consumer: consumer,
            systems: systems, target: target.target, terms: withWhole, personalData: target.accessRights == .personal,
            template: template?.id, drafter: drafter, createdAt: now,
            events: [AgreementEvent(kind: .drafted, at: now, actor: drafter, from: nil, to: .draft,
                                    note: template.map { "from template \($0.id)" })])
    }
}
