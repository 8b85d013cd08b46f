import CausewayCore
import CausewayStore
import Foundation

/// A CKAN package dictionary, as `package_create` and `package_update` receive it (and as
/// `ckanapi dump` writes it), read as a Causeway ``DatasetDraft``.
///
/// Why strict: an agency leaving CKAN must learn what did not come across, not find it missing
/// later. Every field `package_show` writes is read back (so a dump of Causeway loads into
/// Causeway unchanged); CKAN's computed fields are ignored; anything else that cannot be mapped
/// (an unknown extra, a group that is no DCAT theme, a licence Causeway does not know) is a
/// Validation Error naming the CKAN field, all of them at once. Value type.
struct CKANPackageDraft {
    var draft: DatasetDraft
    /// The identifier the caller asked for (ckanapi load keeps the source's).
    var id: String?
    /// The source's `metadata_created`, kept as the issue date of a migrated dataset.
    var created: Date?

    /// Fields CKAN computes or Causeway derives from elsewhere (the agency): accepted, ignored.
    static let computed: Set<String> = [
        "id", "metadata_created", "metadata_modified", "num_tags", "num_resources", "organization", "isopen", "license_title",
        "license_url", "state", "type", "creator_user_id", "revision_id", "tracking_summary", "relationships_as_object",
        "relationships_as_subject", "author", "author_email",
    ]
    /// Extras a release of noisy tables carries: only a release can state its privacy, so a
    /// loaded copy is an ordinary dataset (docs/api.md says so).
    static let releaseExtras: Set<String> = ["privacy_source", "privacy_rho", "privacy_epsilon", "privacy_delta"]
    /// CKAN resource fields with no Causeway counterpart that describe the CKAN site, not the data.
    static let computedResourceFields: Set<String> = [
        "package_id", "position", "created", "last_modified", "metadata_modified", "state", "url_type", "revision_id",
        "datastore_active", "hash", "cache_url", "cache_last_updated", "mimetype_inner", "resource_type", "tracking_summary",
    ]

    init(_ package: [String: JSONValue], agencyExists: (String) -> Bool) throws(CKANError) {
        var errors = Errors()
        let name = Self.text(package["name"]) ?? ""
        if name.isEmpty { errors.add("name", "Missing value") }
        id = Self.text(package["id"]).flatMap { $0.isEmpty ? nil : $0 }
        created = Self.text(package["metadata_created"]).flatMap(CKANTime.date)

        var publisher = Self.text(package["owner_org"]) ?? ""
        if publisher.isEmpty, case .object(let organization)? = package["organization"] { publisher = Self.text(organization["name"]) ?? "" }
        if publisher.isEmpty {
            errors.add("owner_org", "An organization must be provided")
        } else if !agencyExists(publisher) {
            errors.add("owner_org", "Organization does not exist: \(publisher)")
        }

        let licenseText = Self.text(package["license_id"]) ?? ""
        let license = License.all.first { $0.id.lowercased() == licenseText.lowercased() }?.id
        if license == nil {
            errors.add("license_id", "Causeway has no licence '\(licenseText)'; use one of \(License.all.map(\.id).joined(separator: ", "))")
        }

        var keywords: [String] = []
        for tag in Self.list(package["tags"]) {
            if case .object(let fields) = tag, let tagName = Self.text(fields["name"]) { keywords.append(tagName) } else { errors.add("tags", "A tag is {\"name\": …}") }
        }
        if let tagString = Self.text(package["tag_string"]) {
            keywords += tagString.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }

        var themes: [Theme] = []
        for group in Self.list(package["groups"]) {
            let key: String?
            if case .object(let fields) = group { key = Self.text(fields["name"]) ?? Self.text(fields["id"]) } else { key = Self.text(group) }
            if let key, let theme = Theme(groupName: key) { themes.append(theme) } else {
                errors.add("groups", "Group '\(key ?? "")' is not a DCAT theme; use one of \(Theme.allCases.map(\.groupName).joined(separator: ", "))")
            }
        }

        var extras: [String: String] = [:]
        for extra in Self.list(package["extras"]) {
            guard case .object(let fields) = extra, let key = Self.text(fields["key"]) else {
                errors.add("extras", "An extra is {\"key\": …, \"value\": …}")
                continue
            }
            extras[key] = Self.text(fields["value"]) ?? ""
        }
        let isPrivate: Bool
        if case .bool(let flag)? = package["private"] { isPrivate = flag } else { isPrivate = Self.text(package["private"]) == "true" }
        var accessRights: AccessRights = isPrivate ? .restricted : .public
        if let text = extras.removeValue(forKey: "access_rights") {
            if let rights = AccessRights(rawValue: text) { accessRights = rights } else {
                errors.add("extras", "access_rights must be one of \(AccessRights.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var frequency: Frequency?
        if let text = extras.removeValue(forKey: "frequency") {
            frequency = Frequency(rawValue: text)
            if frequency == nil { errors.add("extras", "frequency '\(text)' is not a Causeway frequency") }
        }
        var temporal: TemporalCoverage?
        if let start = extras.removeValue(forKey: "temporal_start") {
            temporal = TemporalCoverage(start: start, end: extras.removeValue(forKey: "temporal_end"))
        }
        let spatial = extras.removeValue(forKey: "spatial_text")
        if let themeList = extras.removeValue(forKey: "theme"), themes.isEmpty {
            for uri in themeList.split(separator: ",") {
                if let theme = Theme.allCases.first(where: { $0.vocabularyURI == uri }) { themes.append(theme) }
            }
        }
        for key in extras.keys.sorted() where !Self.releaseExtras.contains(key) {
            errors.add("extras", "Causeway has no field for the extra '\(key)'")
        }

        var contact: ContactPoint?
        if let maintainer = Self.text(package["maintainer"]), !maintainer.isEmpty {
            contact = ContactPoint(name: maintainer, email: Self.text(package["maintainer_email"]) ?? "")
        }

        var distributions: [DistributionDraft] = []
        for (index, resource) in Self.list(package["resources"]).enumerated() {
            guard case .object(let fields) = resource else {
                errors.add("resources", "Resource \(index + 1) is not an object")
                continue
            }
            do {
                distributions.append(try Self.distribution(fields))
            } catch {
                errors.add("resources", "Resource \(index + 1): \(error.message)")
            }
        }

        let known = Self.computed.union(["name", "title", "notes", "owner_org", "license_id", "tags", "tag_string", "groups", "extras",
                                         "private", "maintainer", "maintainer_email", "resources", "url", "version"])
        for key in package.keys.sorted() where !known.contains(key) && !Self.isEmpty(package[key]) {
            errors.add(key, "Causeway has no field '\(key)'")
        }
        try errors.throwIfAny()
        draft = DatasetDraft(
            name: name, title: Self.text(package["title"]).flatMap { $0.isEmpty ? nil : $0 } ?? name,
            description: Self.text(package["notes"]) ?? "", publisher: publisher, keywords: keywords, themes: themes,
            contactPoint: contact, license: license ?? licenseText, accessRights: accessRights, accrualPeriodicity: frequency,
            temporal: temporal, spatial: spatial, landingPage: Self.text(package["url"]).flatMap { $0.isEmpty ? nil : $0 },
            version: Self.text(package["version"]).flatMap { $0.isEmpty ? nil : $0 }, distributions: distributions)
    }

    /// A CKAN resource as a distribution draft; the URL is where the data is reached.
    static func distribution(_ fields: [String: JSONValue]) throws(CKANError) -> DistributionDraft {
        var schema: TableSchema?
        if let value = fields["schema"], !isEmpty(value) {
            do {
                schema = try JSONDecoder().decode(TableSchema.self, from: Data(buffer: JSONWriter.bytes(value)))
            } catch {
                throw CKANError.validation("schema", "the schema is not a Table Schema")
            }
        }
        let known = computedResourceFields.union(["id", "name", "description", "format", "mimetype", "url", "size", "schema"])
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) && !isEmpty(fields[$0]) }) {
            throw CKANError.validation(unknown, "Causeway has no resource field '\(unknown)'")
        }
        let url = text(fields["url"]).flatMap { $0.isEmpty ? nil : $0 }
        var size: Int?
        if case .number(let number)? = fields["size"] { size = Int(exactly: number) } else { size = text(fields["size"]).flatMap { Int($0) } }
        return DistributionDraft(
            id: text(fields["id"]).flatMap { $0.isEmpty ? nil : $0 }, title: text(fields["name"]) ?? "",
            description: text(fields["description"]).flatMap { $0.isEmpty ? nil : $0 }, format: text(fields["format"]) ?? "",
            mediaType: text(fields["mimetype"]).flatMap { $0.isEmpty ? nil : $0 }, accessURL: url, byteSize: size, schema: schema)
    }

    /// The CKAN field a draft's validation pointer is about, for CKAN's error dictionary.
    static func field(forPointer pointer: String) -> String {
        let first = pointer.split(separator: "/").first.map(String.init) ?? ""
        switch first {
        case "description": return "notes"
        case "publisher": return "owner_org"
        case "license": return "license_id"
        case "keywords": return "tags"
        case "themes": return "groups"
        case "contactPoint": return pointer.hasSuffix("email") ? "maintainer_email" : "maintainer"
        case "distributions": return "resources"
        case "landingPage": return "url"
        case "accessRights", "accrualPeriodicity", "temporal", "spatial": return "extras"
        case "": return "name"
        default: return first
        }
    }

    /// A draft's validation failures as CKAN's Validation Error.
    static func validationError(_ error: ValidationError) -> CKANError {
        var errors = Errors()
        for item in error.errors { errors.add(field(forPointer: item.pointer), item.detail) }
        return errors.error ?? .validation("name", "The dataset is not valid")
    }

    // MARK: Reading JSON

    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number(let number)?: return number.rounded() == number ? String(Int(number)) : String(number)
        case .integer(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return nil
        }
    }

    static func list(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let values)? = value { return values }
        return []
    }

    static func isEmpty(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return true
        case .string(let text)?: return text.isEmpty
        case .array(let values)?: return values.isEmpty
        case .object(let members)?: return members.isEmpty
        default: return false
        }
    }

    /// CKAN's error dictionary: messages by field.
    struct Errors {
        var fields: [String: [String]] = [:]

        mutating func add(_ field: String, _ message: String) { fields[field, default: []].append(message) }

        var error: CKANError? {
            guard let first = fields.keys.sorted().first, let message = fields[first]?.first else { return nil }
            var error = CKANError.validation(first, message)
            error.fields = fields
            return error
        }

        func throwIfAny() throws(CKANError) {
            if let error { throw error }
        }
    }
}
