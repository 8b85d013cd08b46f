import CausewayCore
import CausewayStore
import Foundation

/// `/console/agreements/new` (and an existing draft's edit form): a draft agreement from a
/// template, each term explained where it is asked for. The data and the template are chosen
/// first (a plain GET, so it works without a script), then the fields the data offers and the
/// consumer's systems are shown to tick.
struct AgreementFormPage {
    struct Choice {
        var value: String
        var label: String
        var selected: Bool
    }

    var chrome: PageChrome
    var heading: String
    var action: String
    var templates: [Choice]
    var targets: [Choice]
    var consumers: [Choice]
    var chosen: Bool
    var templateText: String?
    var targetText: String?
    var fields: [FormField]
    /// The errors at the top of the form, linked to their fields.
    var summary: ErrorSummary
    var canSubmit: Bool

    /// What the form says, as posted or prefilled.
    struct Values: Sendable {
        var template = ""
        var target = ""
        var consumer = ""
        var title = ""
        var systems: [String] = []
        var fields: [String] = []
        var purposeCode = ""
        var purposeDescription = ""
        var ground = ""
        var citation = ""
        var validFrom = ""
        var validUntil = ""
        var perMinute = ""
        var perDay = ""
        var retentionDays = ""
        var onwardSharing = false

        init() {}

        init(_ form: ConsoleForm) {
            template = form.value("template") ?? ""
            target = form.value("target") ?? ""
            consumer = form.value("consumer") ?? ""
            title = form.value("title") ?? ""
            systems = form.all("systems")
            fields = form.all("fields")
            purposeCode = form.value("purposeCode") ?? ""
            purposeDescription = form.value("purposeDescription") ?? ""
            ground = form.value("ground") ?? ""
            citation = form.value("citation") ?? ""
            validFrom = form.value("validFrom") ?? ""
            validUntil = form.value("validUntil") ?? ""
            perMinute = form.value("perMinute") ?? ""
            perDay = form.value("perDay") ?? ""
            retentionDays = form.value("retentionDays") ?? ""
            onwardSharing = form.value("onwardSharing") == "yes"
        }

        /// The template's terms where the form has none yet.
        mutating func prefill(from template: AgreementTemplate, now: Date) {
            if purposeCode.isEmpty { purposeCode = template.purpose.code }
            if purposeDescription.isEmpty { purposeDescription = template.purpose.description }
            if ground.isEmpty { ground = template.legalBasis.ground.rawValue }
            if citation.isEmpty { citation = template.legalBasis.citation }
            if validFrom.isEmpty { validFrom = UTCTime(now).date }
            if validUntil.isEmpty { validUntil = UTCTime(now.addingTimeInterval(Double(template.validityDays) * 86_400)).date }
            if perMinute.isEmpty { perMinute = String(template.quota.perMinute) }
            if perDay.isEmpty { perDay = String(template.quota.perDay) }
            if retentionDays.isEmpty { retentionDays = String(template.retentionDays) }
        }

        /// The values of an agreement, for its edit form.
        init(_ agreement: Agreement) {
            template = agreement.template ?? ""
            target = "\(agreement.target.kind):\(agreement.target.identifier)"
            consumer = agreement.consumer
            title = agreement.title
            systems = agreement.systems
            fields = agreement.terms.fields
            purposeCode = agreement.terms.purpose.code
            purposeDescription = agreement.terms.purpose.description
            ground = agreement.terms.legalBasis.ground.rawValue
            citation = agreement.terms.legalBasis.citation
            validFrom = UTCTime(agreement.terms.validFrom).date
            validUntil = UTCTime(agreement.terms.validUntil).date
            perMinute = String(agreement.terms.quota.perMinute)
            perDay = String(agreement.terms.quota.perDay)
            retentionDays = String(agreement.terms.retentionDays)
            onwardSharing = agreement.terms.onwardSharing
        }

        /// The draft these values make, or the errors that keep them from making one (the
        /// domain's own checks run after this, on the draft).
        func draft(provider: String) -> (AgreementDraft?, FormErrors) {
            var errors = FormErrors()
            func day(_ text: String, _ field: String, _ label: String) -> Date? {
                guard !text.isEmpty else { errors.add(field, "\(label) is needed."); return nil }
                guard TemporalCoverage.isCalendarDate(text), let date = Timestamp.date(text + "T00:00:00Z") else {
                    errors.add(field, "\(label) must be a date, such as 2027-03-31."); return nil
                }
                return date
            }
            func number(_ text: String, _ field: String, _ label: String) -> Int? {
                guard let value = Int(text) else { errors.add(field, "\(label) must be a whole number."); return nil }
                return value
            }
            let from = day(validFrom, "validFrom", "The start date")
            let until = day(validUntil, "validUntil", "The end date")
            let perMinute = number(perMinute, "perMinute", "Calls per minute")
            let perDay = number(perDay, "perDay", "Calls per day")
            let retention = number(retentionDays, "retentionDays", "Retention")
            let ground = LegalBasis.Ground(rawValue: ground)
            if ground == nil { errors.add("ground", "Choose the legal ground.") }
            if systems.isEmpty { errors.add("systems", "Choose at least one system that will make the calls.") }
            if fields.isEmpty { errors.add("fields", "Choose at least one field: the gateway passes on only the fields agreed.") }
            let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let from, let until, let perMinute, let perDay, let retention, let ground, errors.isEmpty else {
                return (nil, errors)
            }
            var draft = AgreementDraft(title: title.isEmpty ? nil : title, template: template.isEmpty ? nil : template, provider: provider,
                                       consumer: consumer, systems: systems, dataset: parts[0] == "dataset" ? parts[1] : nil,
                                       service: parts[0] == "service" ? parts[1] : nil, fields: fields,
                                       purpose: Purpose(code: purposeCode, description: purposeDescription),
                                       legalBasis: LegalBasis(ground: ground, citation: citation), validFrom: from, validUntil: until,
                                       quota: Quota(perMinute: perMinute, perDay: perDay), retentionDays: retention, onwardSharing: onwardSharing)
            draft.methods = nil
            return (draft, errors)
        }
    }

    /// Where each validation pointer of a draft shows on this form.
    static let pointers: [(pointer: String, field: String, label: String)] = [
        ("/title", "title", "The title"), ("/systems", "systems", "The systems"), ("/fields", "fields", "The fields"),
        ("/purpose/code", "purposeCode", "The purpose code"), ("/purpose/description", "purposeDescription", "The purpose"),
        ("/purpose", "purposeCode", "The purpose"), ("/legalBasis/citation", "citation", "The legal basis"),
        ("/legalBasis", "citation", "The legal basis"), ("/validFrom", "validFrom", "The start date"),
        ("/validUntil", "validUntil", "The end date"), ("/quota/perMinute", "perMinute", "Calls per minute"),
        ("/quota/perDay", "perDay", "Calls per day"), ("/retentionDays", "retentionDays", "Retention"),
        ("/dataset", "target", "The data"), ("/service", "target", "The data"), ("/consumer", "consumer", "The consumer"),
        ("/provider", "target", "The provider"), ("/template", "template", "The template"),
    ]

    struct Target {
        var key: String
        var label: String
        var provider: String
        var fields: [String]
        var summary: String
    }

    init(chrome: PageChrome, heading: String, action: String, values: Values, templates: [AgreementTemplate], targets: [Target],
         consumers: [Agency], systems: [ClientSystem], errors: FormErrors, canSubmit: Bool) {
        self.chrome = chrome
        self.heading = heading
        self.action = action
        self.canSubmit = canSubmit
        self.templates = templates.map { Choice(value: $0.id, label: $0.title, selected: $0.id == values.template) }
        self.targets = targets.map { Choice(value: $0.key, label: $0.label, selected: $0.key == values.target) }
        self.consumers = consumers.map { Choice(value: $0.code, label: $0.name, selected: $0.code == values.consumer) }
        let template = templates.first { $0.id == values.template }
        let target = targets.first { $0.key == values.target }
        chosen = template != nil && target != nil
        templateText = template?.description
        targetText = target?.summary
        let grounds = LegalBasis.Ground.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values.ground) }
        let form: [FormField] = [
            FormField(.input, id: "title", label: "Title (optional)",
                      hint: "A name people will recognise in lists. Left empty, it is made from the purpose and the data.", value: values.title),
            FormField(.checkboxes, id: "systems", label: "Systems that will make the calls",
                      hint: "Only these systems' credentials can use the agreement.",
                      options: systems.map { .init(value: $0.code, label: "\($0.name) (\($0.code))", selected: values.systems.contains($0.code)) }),
            FormField(.checkboxes, id: "fields", label: "Fields",
                      hint: "Data minimisation: the gateway removes every other field from each answer. Ask only for what the purpose needs.",
                      options: (target?.fields ?? []).map { .init(value: $0, label: $0, selected: values.fields.contains($0)) }),
            FormField(.input, id: "purposeCode", label: "Purpose code",
                      hint: "A short code the calling system sends in the Causeway-Purpose header, such as shielding-support.", value: values.purposeCode,
                      required: true),
            FormField(.textarea, id: "purposeDescription", label: "Purpose",
                      hint: "What the data will be used for, in plain words: this is published on the dataset's page.", value: values.purposeDescription,
                      required: true),
            FormField(.select, id: "ground", label: "Legal ground", hint: "Why the provider may lawfully share (GDPR Article 6(1)).",
                      options: grounds, required: true),
            FormField(.input, id: "citation", label: "Legal basis", hint: "The law or instrument, as a lawyer would cite it.",
                      value: values.citation, required: true),
            FormField(.input, id: "validFrom", label: "Valid from", hint: "The first day calls are allowed.", value: values.validFrom,
                      inputType: "date", required: true),
            FormField(.input, id: "validUntil", label: "Valid until", hint: "After this day every call is refused; at most ten years.",
                      value: values.validUntil, inputType: "date", required: true),
            FormField(.input, id: "perMinute", label: "Calls per minute", hint: "The gateway answers 429 above this rate.",
                      value: values.perMinute, inputType: "number", required: true),
            FormField(.input, id: "perDay", label: "Calls per day", hint: "Counted per UTC day, across all nodes.", value: values.perDay,
                      inputType: "number", required: true),
            FormField(.input, id: "retentionDays", label: "Retention (days)",
                      hint: "How long the consumer may keep what it receives before deleting it.", value: values.retentionDays,
                      inputType: "number", required: true),
            FormField(.checkbox, id: "onwardSharing", label: "The consumer may share the data onward",
                      hint: "Leave unticked unless the law allows passing it to third parties.", checked: values.onwardSharing),
        ]
        fields = form.map { $0.with(errors) }
        summary = ErrorSummary(errors)
    }
}
