import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `/exchange/{provider}/datasets/{dataset}/records[/{key}]`: an agency's restricted or
/// personal hosted data, served to another agency's system under an agreement. The call is
/// admitted by ``ExchangeGate``, the query is held to the agreed fields, and the answer is sent
/// only after its audit event is committed; refusals are audited the same way.
struct ExchangeRoutes {
    let gate: ExchangeGate
    let catalog: CatalogService
    let access: HostedAccess
    let data: HostedDataRepository
    let responder: ExchangeResponder

    /// Rows per gateway answer at most: a consumer pages through larger sets.
    static let maxLimit = 1_000

    func register(on router: Router<CausewayContext>) {
        router.get("exchange/:provider/datasets/:dataset/records", use: records)
        router.get("exchange/:provider/datasets/:dataset/records/:key", use: records)
    }

    @Sendable func records(_ request: Request, context: CausewayContext) async throws -> Response {
        let provider = try context.parameters.require("provider")
        let datasetKey = try context.parameters.require("dataset")
        let key = context.parameters.get("key")
        let known = catalog.snapshot.dataset(idOrName: datasetKey).flatMap { $0.publisher == provider ? $0 : nil }
        var call = gate.call(request, provider: provider, collection: "datasets", key: datasetKey, knownID: known?.id, route: "records")
        do {
            guard let dataset = known else {
                throw Problem.notFound("dataset", "\(provider)/\(datasetKey)")
            }
            let grant = try await gate.admit(request, call: &call, target: .dataset(dataset.id))
            let parameters = QueryParameters(request)
            let target = try await access.target(dataset: dataset.id, distribution: parameters.string("distribution"))
            let schema = target.schema
            var query = try RecordQueryParser.parse(parameters, schema: schema)
            guard query.limit <= Self.maxLimit else { throw Problem.badParameter("limit", "must be at most \(Self.maxLimit) through the gateway") }
            guard parameters.string("cursor") == nil, parameters.string("format") ?? "json" == "json" else {
                throw Problem.badParameter(parameters.string("cursor") != nil ? "cursor" : "format",
                                           "the gateway pages with offset and answers JSON")
            }
            var keyField: Int?
            if let key {
                keyField = try Self.keyFilter(key, schema: schema, into: &query)
            }
            do {
                query = try RecordRestriction(allowedFields: grant.fields, schema: schema).apply(to: query, schema: schema, key: keyField)
            } catch {
                switch error {
                case .field(let parameter, let field):
                    throw Problem.badParameter(parameter, "'\(field)' is not among the fields agreement \(grant.agreement) allows")
                case .search:
                    throw Problem.badParameter("q", "full-text search would reach fields agreement \(grant.agreement) does not allow")
                }
            }
            let version = parameters.values["version"] == nil ? nil : try parameters.int("version", default: 1, range: 1...Int(Int32.max))
            let page = try await data.records(of: target.distribution.id, version: version, query: query)
            let names = page.fields.map { schema.fields[$0].name }
            call.fields = names
            var body = ByteBuffer()
            let keys = RecordRenderer.keys(names)
            if key != nil {
                guard let row = page.rows.first else { throw Problem.notFound("record", key ?? "") }
                RecordRenderer.writeObject(row, keys: keys, into: &body)
            } else {
                body.writeString(#"{"dataset":\#(JSONWriter.text(.string(dataset.id))),"version":\#(page.version.version),"fields":\#(JSONWriter.text(.array(names.map(JSONValue.string))))"#)
                if let total = page.total { body.writeString(#","total":\#(total)"#) }
                body.writeStaticString(#","records":["#)
                for (index, row) in page.rows.enumerated() {
                    if index > 0 { body.writeStaticString(",") }
                    RecordRenderer.writeObject(row, keys: keys, into: &body)
                }
                body.writeStaticString("]}")
            }
            return try await responder.answer(call, headers: [
                .contentType: JSONResponse.contentType, .cacheControl: "no-store", .causewayDataVersion: String(page.version.version),
            ], body: body)
        } catch {
            return try await responder.refuse(error, call: call, context: context)
        }
    }

    /// Adds `key = value` on the table's one-field primary key; returns the key's position.
    static func keyFilter(_ key: String, schema: TableSchema, into query: inout RecordQuery) throws -> Int {
        guard let names = schema.primaryKey, names.count == 1, let position = schema.fieldNames.firstIndex(of: names[0]) else {
            throw Problem(.notFound, code: "route.not-found", title: "No records by key",
                          detail: "This table has no one-field primary key; query /records with where[field]=value.")
        }
        guard let value = FieldParser.parse(key, as: schema.fields[position]) else {
            throw Problem.notFound("record", key)
        }
        query.filters.append(RecordQuery.Filter(field: position, values: [value]))
        query.limit = 1
        return position
    }
}
