import CausewayCore
import CausewayStore
import Crypto
import Foundation
import NIOCore

/// The CKAN DataStore actions over Causeway's hosted tables: `datastore_search` and
/// `datastore_info` for anyone on open data, and `datastore_create`, `datastore_upsert` and
/// `datastore_delete` for the publishing agency's people with an API token. A CKAN `resource_id`
/// is a distribution id. Every write is validated against the Table Schema and makes a new
/// version, exactly as an upload does.
struct CKANDataStore {
    let access: HostedAccess
    let data: HostedDataRepository
    let datasets: DatasetRepository
    let clock: @Sendable () -> Date
    let cache: ResponseCache<String>

    static let actions: Set<String> = ["datastore_search", "datastore_info", "datastore_create", "datastore_upsert", "datastore_delete"]

    /// The action's `result`, rendered.
    func handle(_ action: String, _ parameters: CKANParameters, user: User?) async throws -> ByteBuffer {
        switch action {
        case "datastore_search": return try await search(parameters)
        case "datastore_info": return try await info(parameters)
        case "datastore_create": return try await create(parameters, user: try requireUser(user))
        case "datastore_upsert": return try await upsert(parameters, user: try requireUser(user))
        default: return try await delete(parameters, user: try requireUser(user))
        }
    }

    // MARK: Reading

    private func search(_ parameters: CKANParameters) async throws -> ByteBuffer {
        let target = try await resource(parameters)
        try HostedAccess.requireOpen(target.dataset)
        guard let version = try await data.version(of: target.distribution.id) else {
            throw CKANError.notFound("Resource \"\(target.distribution.id)\" was not found in the DataStore.")
        }
        // Looked up before the parameters are checked: the same parameters were valid when cached.
        let key = "datastore_search \(target.catalogRevision) \(target.distribution.id) \(version.version) "
            + JSONWriter.text(.object(parameters.values))
        if let cached = cache.value(for: key) { return cached }
        let schema = target.schema
        var query = RecordQuery()
        query.filters = try filters(parameters, schema: schema)
        switch parameters.values["q"] {
        case .object(let perField)?:
            query.words = perField.values.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
                .flatMap(RecordQueryParser.words)
        default:
            query.words = RecordQueryParser.words(parameters.string("q") ?? "")
        }
        var wantsID = true
        if let names = try fieldNames(parameters) {
            wantsID = names.contains("_id")
            query.fields = try names.filter { $0 != "_id" }.map { try position($0, schema, "fields") }
        }
        query.sort = try sort(parameters.string("sort"), schema: schema)
        query.limit = min(try parameters.int("limit", default: 100, range: 0...Int(Int32.max)), RecordQuery.maxLimit)
        query.offset = try parameters.int("offset", default: 0, range: 0...Int(Int32.max))
        query.includeTotal = try parameters.bool("include_total", default: true)
        let format = parameters.string("records_format") ?? "objects"
        guard ["objects", "lists", "csv"].contains(format) else {
            throw CKANError.validation("records_format", "Value must be one of ['objects', 'lists', 'csv']")
        }
        let page = try await data.records(of: target.distribution.id, version: version.version, query: query)

        var buffer = ByteBuffer()
        buffer.writeString(#"{"include_total":\#(query.includeTotal),"resource_id":"#)
        JSONWriter.writeString(target.distribution.id, into: &buffer)
        buffer.writeStaticString(#","fields":"#)
        let fieldList = (wantsID ? [JSONValue.object(["id": .string("_id"), "type": .string("int")])] : [])
            + page.fields.map { JSONValue.object(["id": .string(schema.fields[$0].name), "type": .string(Self.ckanType(schema.fields[$0].type))]) }
        buffer.writeString(JSONWriter.text(.array(fieldList)))
        buffer.writeString(#","records_format":"\#(format)","records":"#)
        let keys = RecordRenderer.keys(page.fields.map { schema.fields[$0].name })
        switch format {
        case "lists":
            buffer.writeStaticString("[")
            for (index, row) in page.rows.enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                RecordRenderer.writeArray(row, leading: wantsID ? [.integer(page.rowIDs[index])] : [], into: &buffer)
            }
            buffer.writeStaticString("]")
        case "csv":
            var csv = ByteBuffer()
            for (index, row) in page.rows.enumerated() {
                RecordRenderer.writeCSVRow((wantsID ? [String(page.rowIDs[index])] : []) + row.map(RecordRenderer.csvText), into: &csv)
            }
            JSONWriter.writeString(String(buffer: csv), into: &buffer)
        default:
            buffer.writeStaticString("[")
            for (index, row) in page.rows.enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                RecordRenderer.writeObject(row, keys: keys, leading: wantsID ? [(#""_id":"#, .integer(page.rowIDs[index]))] : [], into: &buffer)
            }
            buffer.writeStaticString("]")
        }
        let start = "/api/3/action/datastore_search?resource_id=\(target.distribution.id)"
        buffer.writeString(#","limit":\#(query.limit),"offset":\#(query.offset),"_links":{"start":"#)
        JSONWriter.writeString(start, into: &buffer)
        buffer.writeStaticString(#","next":"#)
        JSONWriter.writeString(start + "&offset=\(query.offset + query.limit)", into: &buffer)
        buffer.writeStaticString("}")
        if let total = page.total { buffer.writeString(#","total":\#(total),"total_was_estimated":false"#) }
        buffer.writeStaticString("}")
        cache.insert(buffer, for: key)
        return buffer
    }

    private func info(_ parameters: CKANParameters) async throws -> ByteBuffer {
        let target = try await resource(parameters, key: parameters.string("resource_id") == nil ? "id" : "resource_id")
        try HostedAccess.requireOpen(target.dataset)
        guard let version = try await data.version(of: target.distribution.id) else {
            throw CKANError.notFound("Resource \"\(target.distribution.id)\" was not found in the DataStore.")
        }
        let fields = version.schema.fields.map { field in
            JSONValue.object([
                "id": .string(field.name), "type": .string(Self.ckanType(field.type)),
                "schema": .object(["native_type": .string(field.type.rawValue), "is_index": .bool(field.index == true || version.schema.primaryKey == [field.name])]),
                "info": .object(["label": .string(field.title ?? ""), "notes": .string(field.description ?? "")]),
            ])
        }
        return JSONWriter.bytes(.object([
            "meta": .object(["id": .string(target.distribution.id), "count": .int(version.rowCount), "table_type": .string("BASE TABLE"),
                             "aliases": .array([]), "version": .int(version.version)]),
            "fields": .array(fields),
        ]))
    }

    // MARK: Writing

    private func create(_ parameters: CKANParameters, user: User) async throws -> ByteBuffer {
        var target: HostedAccess.Target
        if let resource = parameters.values["resource"], parameters.values["resource_id"] == nil {
            target = try await newResource(resource, parameters: parameters, user: user)
        } else {
            target = try await self.resource(parameters)
        }
        try authorize(user, target.dataset)
        let existing = try await data.version(of: target.distribution.id)
        if case .array(let fields)? = parameters.values["fields"] {
            let schema = try Self.schema(fields: fields, primaryKey: parameters.values["primary_key"])
            if target.distribution.schema.map({ !$0.hasSameColumns(as: schema) }) ?? true {
                if let existing, !existing.schema.hasSameColumns(as: schema) {
                    throw CKANError.validation("fields", "The fields differ from the table's; delete the table first or upload with mode=replace")
                }
                target = try await setSchema(schema, of: target)
            }
        }
        let records = try recordList(parameters, required: false)
        if existing == nil || !records.isEmpty {
            _ = try await write(records, to: target, mode: existing == nil ? .replace : .append, user: user)
        }
        return JSONWriter.bytes(.object([
            "resource_id": .string(target.distribution.id), "method": .string("insert"),
            "fields": .array(target.schema.fields.map { .object(["id": .string($0.name), "type": .string(Self.ckanType($0.type))]) }),
            "primary_key": .array((target.schema.primaryKey ?? []).map(JSONValue.string)),
        ]))
    }

    private func upsert(_ parameters: CKANParameters, user: User) async throws -> ByteBuffer {
        let target = try await resource(parameters)
        try authorize(user, target.dataset)
        let method = parameters.string("method") ?? "upsert"
        guard ["upsert", "insert", "update"].contains(method) else {
            throw CKANError.validation("method", "Value must be one of ['upsert', 'insert', 'update']")
        }
        if method != "insert", target.schema.primaryKey?.isEmpty ?? true {
            throw CKANError.validation("method", "The table has no primary key; only method=insert is possible")
        }
        let records = try recordList(parameters, required: true)
        let hasData = try await data.version(of: target.distribution.id) != nil
        _ = try await write(records, to: target, mode: !hasData ? .replace : method == "insert" ? .append : .upsert, user: user,
                            requireExisting: method == "update")
        return JSONWriter.bytes(.object(["resource_id": .string(target.distribution.id), "method": .string(method)]))
    }

    private func delete(_ parameters: CKANParameters, user: User) async throws -> ByteBuffer {
        let target = try await resource(parameters, key: parameters.string("resource_id") == nil ? "id" : "resource_id")
        try authorize(user, target.dataset)
        guard try await data.version(of: target.distribution.id) != nil else {
            throw CKANError.notFound("Resource \"\(target.distribution.id)\" was not found in the DataStore.")
        }
        let filters = try filters(parameters, schema: target.schema)
        _ = try await data.delete(ingest(target, mode: .delete, user: user), where: filters)
        return JSONWriter.bytes(.object(["resource_id": .string(target.distribution.id),
                                         "filters": parameters.values["filters"] ?? .object([:])]))
    }

    /// Validates records and writes them as one new version; CKAN sees row errors as a
    /// Validation Error listing them.
    private func write(_ records: [JSONValue], to target: HostedAccess.Target, mode: UploadMode, user: User,
                       requireExisting: Bool = false) async throws -> DataVersion {
        let body = Data(JSONWriter.text(.array(records)).utf8)
        let digest = Hex.string(SHA256.hash(data: body))
        let schema = target.schema
        do {
            return try await data.ingest(ingest(target, mode: mode, user: user)) { writer in
                writer.requireExisting = requireExisting
                var loader = RowLoader(schema: schema, writer: writer)
                for record in records {
                    guard case .object(let object) = record else {
                        loader.validator.sourceError("source-error", row: loader.rowsRead + 1, message: "Record \(loader.rowsRead + 1) is not an object.")
                        loader.accept(nil)
                        continue
                    }
                    loader.accept(loader.validator.record(object.mapValues(Self.cellText)))
                    if loader.isBatchFull { try await loader.flush() }
                }
                try await loader.finish()
                guard loader.validator.isValid else {
                    throw CKANError(status: .conflict, type: "Validation Error", message: "\(loader.validator.errorCount) record error(s)",
                                    fields: ["records": loader.validator.errors.prefix(20).map { "\($0.code) in record \(($0.row ?? 0)): \($0.message)" }])
                }
                return .init(sha256: digest, byteSize: body.count)
            }
        } catch HostedDataError.missingKeys {
            throw CKANError.validation("records", "key not found: method=update only changes records that exist")
        } catch HostedDataError.schemaChanged {
            throw CKANError.validation("fields", "The table's fields changed; write with mode=replace first")
        }
    }

    private func ingest(_ target: HostedAccess.Target, mode: UploadMode, user: User) -> HostedDataRepository.Ingest {
        HostedDataRepository.Ingest(distribution: target.distribution.id, dataset: target.dataset.id, schema: target.schema,
                                    mode: mode, uploadedBy: user.username, job: nil, now: clock())
    }

    /// Gives a distribution the schema `datastore_create` described.
    /// `datastore_create` with a `resource` dict instead of a `resource_id`: as in CKAN, a new
    /// resource (here a distribution) is added to the dataset `package_id` names, with the
    /// table the `fields` describe.
    private func newResource(_ value: JSONValue, parameters: CKANParameters, user: User) async throws -> HostedAccess.Target {
        guard case .object(let resource) = value else { throw CKANError.validation("resource", "Not a JSON object") }
        guard case .string(let package)? = resource["package_id"], !package.isEmpty else {
            throw CKANError.validation("resource", "package_id: Missing value")
        }
        guard case .array(let fields)? = parameters.values["fields"] else {
            throw CKANError.validation("fields", "Missing value: a new resource needs its fields")
        }
        guard let dataset = access.catalog.snapshot.dataset(idOrName: package) else {
            throw CKANError.notFound("Package \"\(package)\" was not found.")
        }
        try authorize(user, dataset)
        let schema = try Self.schema(fields: fields, primaryKey: parameters.values["primary_key"])
        func text(_ key: String) -> String? {
            if case .string(let value)? = resource[key], !value.isEmpty { return value }
            return nil
        }
        var draft = DatasetDraft(dataset)
        draft.distributions = (draft.distributions ?? []) + [DistributionDraft(
            title: text("name") ?? "Data", description: text("description"), format: text("format") ?? "CSV", schema: schema)]
        let updated: Dataset
        do {
            updated = try draft.validated(id: dataset.id, issued: dataset.issued, now: clock(), newID: DatasetRoutes.newID)
        } catch {
            throw CKANError.validation("resource", error.errors.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; "))
        }
        try await datasets.replace(updated)
        try await access.catalog.refresh()
        let known = Set(dataset.distributions.map(\.id))
        guard let distribution = updated.distributions.first(where: { !known.contains($0.id) }) else { throw CKANError.notFound() }
        return HostedAccess.Target(dataset: updated, distribution: distribution, schema: schema)
    }

    private func setSchema(_ schema: TableSchema, of target: HostedAccess.Target) async throws -> HostedAccess.Target {
        var draft = DatasetDraft(target.dataset)
        guard let index = draft.distributions?.firstIndex(where: { $0.id == target.distribution.id }) else {
            throw CKANError.notFound()
        }
        draft.distributions?[index].schema = schema
        let dataset = try draft.validated(id: target.dataset.id, issued: target.dataset.issued, now: clock(), newID: DatasetRoutes.newID)
        try await datasets.replace(dataset)
        try await access.catalog.refresh()
        guard let distribution = dataset.distribution(id: target.distribution.id) else { throw CKANError.notFound() }
        return HostedAccess.Target(dataset: dataset, distribution: distribution, schema: schema)
    }

    // MARK: Parameters

    private func requireUser(_ user: User?) throws -> User {
        guard let user else { throw CKANError.authorization("Action requires an API token (Authorization header)") }
        return user
    }

    private func authorize(_ user: User, _ dataset: Dataset) throws {
        guard CatalogPermissions.canEdit(catalogOf: dataset.publisher, user: user) else {
            throw CKANError.authorization("User \(user.username) not authorized to edit resources of \(dataset.publisher)")
        }
    }

    private func resource(_ parameters: CKANParameters, key: String = "resource_id") async throws -> HostedAccess.Target {
        let id = try parameters.required(key)
        let snapshot = access.catalog.snapshot
        guard let position = snapshot.index.position(ofDistribution: id) else {
            throw CKANError.notFound("Resource \"\(id)\" was not found.")
        }
        let dataset = snapshot.index.dataset(at: position)
        guard let distribution = dataset.distribution(id: id) else { throw CKANError.notFound() }
        guard let schema = distribution.schema else {
            if key == "resource_id", parameters.values["fields"] != nil {
                return HostedAccess.Target(dataset: dataset, distribution: distribution, schema: TableSchema(fields: []))
            }
            throw CKANError.notFound("Resource \"\(id)\" was not found in the DataStore.")
        }
        return HostedAccess.Target(dataset: dataset, distribution: distribution, schema: schema, catalogRevision: snapshot.index.revision)
    }

    private func filters(_ parameters: CKANParameters, schema: TableSchema) throws -> [RecordQuery.Filter] {
        var object: [String: JSONValue] = [:]
        switch parameters.values["filters"] {
        case nil, .null?: return []
        case .object(let value)?: object = value
        case .string(let text)?:
            guard case .object(let value)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
                throw CKANError.validation("filters", "Not a JSON object")
            }
            object = value
        default: throw CKANError.validation("filters", "Not a JSON object")
        }
        return try object.keys.sorted().map { name in
            let field = try position(name, schema, "filters")
            let items: [JSONValue]
            if case .array(let list)? = object[name] { items = list } else { items = [object[name] ?? .null] }
            let values = try items.map { item -> CellValue in
                guard let text = Self.cellText(item), !text.isEmpty else { return .null }
                guard let value = FieldParser.parse(text, as: schema.fields[field]) else {
                    throw CKANError.validation("filters", "invalid input syntax for type \(Self.ckanType(schema.fields[field].type)): \"\(text)\"")
                }
                return value
            }
            return RecordQuery.Filter(field: field, values: values)
        }
    }

    private func fieldNames(_ parameters: CKANParameters) throws -> [String]? {
        switch parameters.values["fields"] {
        case nil, .null?: return nil
        case .string(let text)?: return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        default: return try parameters.list("fields")
        }
    }

    private func sort(_ text: String?, schema: TableSchema) throws -> [RecordQuery.Order] {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        return try text.split(separator: ",").compactMap { item in
            let words = item.split(separator: " ").map(String.init)
            guard let name = words.first else { return nil }
            let direction = words.count > 1 ? words[1].lowercased() : "asc"
            guard words.count <= 2, direction == "asc" || direction == "desc" else {
                throw CKANError.validation("sort", "Cannot sort by \"\(item)\"")
            }
            let unquoted = name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 ? String(name.dropFirst().dropLast()) : name
            if unquoted == "_id" { return nil }
            return RecordQuery.Order(field: try position(unquoted, schema, "sort"), descending: direction == "desc")
        }
    }

    private func position(_ name: String, _ schema: TableSchema, _ parameter: String) throws -> Int {
        guard let index = schema.fields.firstIndex(where: { $0.name == name }) else {
            throw CKANError.validation(parameter, "field \"\(name)\" not in table")
        }
        return index
    }

    private func recordList(_ parameters: CKANParameters, required: Bool) throws -> [JSONValue] {
        switch parameters.values["records"] {
        case .array(let records)?: return records
        case nil, .null?:
            if required { throw CKANError.validation("records", "Missing value") }
            return []
        default: throw CKANError.validation("records", "Must be a list of objects")
        }
    }

    // MARK: Types

    /// A JSON value as the text a CSV cell would hold; null is no value.
    static func cellText(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.shortestText
        case .integer(let number): return String(number)
        case .array, .object: return JSONWriter.text(value)
        }
    }

    static func ckanType(_ type: TableSchema.FieldType) -> String {
        switch type {
        case .integer, .year: return "int"
        case .number: return "numeric"
        case .boolean: return "bool"
        case .date: return "date"
        case .datetime: return "timestamp"
        case .time: return "time"
        case .string, .geopoint, .any: return "text"
        }
    }

    static func schema(fields: [JSONValue], primaryKey: JSONValue?) throws -> TableSchema {
        let mapped = try fields.map { value -> TableSchema.Field in
            guard case .object(let field) = value, case .string(let id)? = field["id"] else {
                throw CKANError.validation("fields", "Each field needs an \"id\"")
            }
            var type = TableSchema.FieldType.string
            if case .string(let name)? = field["type"] {
                switch name.lowercased() {
                case "text", "string", "varchar", "citext": type = .string
                case "int", "int4", "int8", "integer", "bigint", "smallint": type = .integer
                case "numeric", "float", "float8", "double precision", "number": type = .number
                case "bool", "boolean": type = .boolean
                case "date": type = .date
                case "timestamp", "timestamptz", "datetime": type = .datetime
                case "time": type = .time
                case "json", "jsonb": type = .any
                default: throw CKANError.validation("fields", "Unsupported field type \"\(name)\"")
                }
            }
            return TableSchema.Field(name: id, type: type)
        }
        var keys: [String]?
        switch primaryKey {
        case .string(let text)?: keys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case .array(let list)?: keys = list.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
        default: keys = nil
        }
        let schema = TableSchema(fields: mapped, primaryKey: keys?.isEmpty == true ? nil : keys)
        do { try schema.validate() } catch {
            throw CKANError.validation("fields", error.errors.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; "))
        }
        return schema
    }
}
