import CausewayCore
import Foundation

/// The console's dataset metadata form (new and edit): every DCAT property a publisher sets,
/// explained, with errors next to their fields. A new dataset also describes its table (one
/// field per line), so data can be uploaded into it at once.
struct DatasetFormPage {
    var chrome: PageChrome
    var heading: String
    var action: String
    var fields: [FormField]
    /// The errors at the top of the form, linked to their fields.
    var summary: ErrorSummary
    var isNew: Bool

    struct Values: Sendable {
        var name = ""
        var title = ""
        var description = ""
        var publisher = ""
        var keywords = ""
        var themes: [String] = []
        var license = "CC-BY-4.0"
        var accessRights = "public"
        var frequency = "UNKNOWN"
        var spatial = ""
        var temporalStart = ""
        var temporalEnd = ""
        var contactName = ""
        var contactEmail = ""
        var schema = ""

        init() {}

        init(_ form: ConsoleForm) {
            name = form.value("name") ?? ""
            title = form.value("title") ?? ""
            description = form.values["description"]?.last ?? ""
            publisher = form.value("publisher") ?? ""
            keywords = form.value("keywords") ?? ""
            themes = form.all("themes")
            license = form.value("license") ?? ""
            accessRights = form.value("accessRights") ?? ""
            frequency = form.value("frequency") ?? "UNKNOWN"
            spatial = form.value("spatial") ?? ""
            temporalStart = form.value("temporalStart") ?? ""
            temporalEnd = form.value("temporalEnd") ?? ""
            contactName = form.value("contactName") ?? ""
            contactEmail = form.value("contactEmail") ?? ""
            schema = form.values["schema"]?.last ?? ""
        }

        init(_ dataset: Dataset) {
            name = dataset.name
            title = dataset.title
            description = dataset.description
            publisher = dataset.publisher
            keywords = dataset.keywords.joined(separator: ", ")
            themes = dataset.themes.map(\.rawValue)
            license = dataset.license
            accessRights = dataset.accessRights.rawValue
            frequency = dataset.accrualPeriodicity.rawValue
            spatial = dataset.spatial ?? ""
            temporalStart = dataset.temporal?.start ?? ""
            temporalEnd = dataset.temporal?.end ?? ""
            contactName = dataset.contactPoint?.name ?? ""
            contactEmail = dataset.contactPoint?.email ?? ""
        }

        /// The draft: `existing` keeps its distributions; a new dataset gets one CSV
        /// distribution with the schema the form describes.
        func draft(existing: Dataset?) -> (DatasetDraft?, FormErrors) {
            var errors = FormErrors()
            var distributions = existing.map { dataset in dataset.distributions.map(DistributionDraft.init) }
            if existing == nil {
                switch Self.schema(schema) {
                case .success(let table):
                    distributions = table.map { [DistributionDraft(title: "Data", format: "CSV", mediaType: "text/csv", schema: $0)] } ?? []
                case .failure(let message):
                    errors.add("schema", message.text)
                }
            }
            guard let access = AccessRights(rawValue: accessRights) else {
                errors.add("accessRights", "Choose who may see the data.")
                return (nil, errors)
            }
            let contact = contactName.isEmpty && contactEmail.isEmpty ? nil : ContactPoint(name: contactName, email: contactEmail)
            let draft = DatasetDraft(
                name: name, title: title, description: description, publisher: publisher,
                keywords: keywords.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty },
                themes: themes.compactMap(Theme.init(rawValue:)), contactPoint: contact, license: license, accessRights: access,
                accrualPeriodicity: Frequency(rawValue: frequency), temporal: temporalStart.isEmpty ? nil : TemporalCoverage(start: temporalStart, end: temporalEnd.isEmpty ? nil : temporalEnd),
                spatial: spatial.isEmpty ? nil : spatial, distributions: distributions)
            return (errors.isEmpty ? draft : nil, errors)
        }

        struct SchemaMessage: Error { var text: String }

        /// `name type [required] [key]` per line, into a Table Schema; nil for no lines.
        static func schema(_ text: String) -> Result<TableSchema?, SchemaMessage> {
            var fields: [TableSchema.Field] = []
            var key: [String] = []
            for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
                guard !words.isEmpty else { continue }
                guard words.count >= 2, let type = TableSchema.FieldType(rawValue: words[1].lowercased()) else {
                    return .failure(SchemaMessage(text: "Line \(number + 1) of the table's fields needs a name and a type (\(TableSchema.FieldType.allCases.map(\.rawValue).joined(separator: ", "))), such as “district string required”."))
                }
                let flags = Set(words.dropFirst(2).map { $0.lowercased() })
                if flags.contains("key") { key.append(words[0]) }
                fields.append(TableSchema.Field(name: words[0], type: type,
                                                constraints: flags.contains("required") || flags.contains("key") ? .init(required: true) : nil))
            }
            return .success(fields.isEmpty ? nil : TableSchema(fields: fields, primaryKey: key.isEmpty ? nil : key))
        }
    }

    static let pointers: [(pointer: String, field: String, label: String)] = [
        ("/name", "name", "The short name"), ("/title", "title", "The title"), ("/description", "description", "The description"),
        ("/publisher", "publisher", "The publisher"), ("/license", "license", "The licence"), ("/keywords", "keywords", "The keywords"),
        ("/contactPoint/name", "contactName", "The contact's name"), ("/contactPoint/email", "contactEmail", "The contact's email"),
        ("/temporal/start", "temporalStart", "The start of the period"), ("/temporal/end", "temporalEnd", "The end of the period"),
        ("/temporal", "temporalStart", "The period"), ("/spatial", "spatial", "The area"), ("/distributions", "schema", "The table"),
        ("/accessRights", "accessRights", "Access"),
    ]

    init(chrome: PageChrome, heading: String, action: String, values: Values, publishers: [Agency], isNew: Bool, errors: FormErrors) {
        self.chrome = chrome
        self.heading = heading
        self.action = action
        self.isNew = isNew
        var form: [FormField] = [
            FormField(.input, id: "title", label: "Title", hint: "What the data is, as a reader would search for it.", value: values.title, required: true),
            FormField(.input, id: "name", label: "Short name",
                      hint: "Part of the dataset's address (/datasets/short-name): lowercase letters, digits and hyphens.", value: values.name, required: true),
            FormField(.textarea, id: "description", label: "Description",
                      hint: "What it contains, how it is made, and its limits.", value: values.description),
            FormField(.select, id: "publisher", label: "Publisher",
                      options: publishers.map { .init(value: $0.code, label: $0.name, selected: $0.code == values.publisher) }),
            FormField(.select, id: "accessRights", label: "Access",
                      hint: "Public data is open to all; restricted and personal data is shared only under an agreement.",
                      options: AccessRights.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values.accessRights) }),
            FormField(.select, id: "license", label: "Licence", hint: "Restricted and personal data take the “restricted” licence.",
                      options: License.all.map { .init(value: $0.id, label: $0.title, selected: $0.id == values.license) }),
            FormField(.checkboxes, id: "themes", label: "Themes",
                      options: Theme.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: values.themes.contains($0.rawValue)) }),
            FormField(.input, id: "keywords", label: "Keywords", hint: "Separated by commas.", value: values.keywords),
            FormField(.select, id: "frequency", label: "How often it is updated",
                      options: Frequency.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values.frequency) }),
            FormField(.input, id: "temporalStart", label: "Covers from", hint: "The first day the data describes, such as 2020-03-01.",
                      value: values.temporalStart, inputType: "date"),
            FormField(.input, id: "temporalEnd", label: "Covers until", hint: "Leave empty if it is still kept up to date.",
                      value: values.temporalEnd, inputType: "date"),
            FormField(.input, id: "spatial", label: "Area", hint: "The place the data is about.", value: values.spatial),
            FormField(.input, id: "contactName", label: "Contact", hint: "A team readers can ask about the data.", value: values.contactName),
            FormField(.input, id: "contactEmail", label: "Contact email", value: values.contactEmail, inputType: "email"),
        ]
        if isNew {
            form.append(FormField(.textarea, id: "schema", label: "The table's fields",
                                  hint: "One field per line: its name, its type (string, integer, number, boolean, date, datetime, year), then “required” or “key” if so. For example: “district string key”. Leave empty for metadata only.",
                                  value: values.schema))
        }
        fields = form.map { $0.with(errors) }
        summary = ErrorSummary(errors)
    }
}
