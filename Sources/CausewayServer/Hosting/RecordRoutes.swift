import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// `GET /api/v1/datasets/{id}/records`: query a hosted open dataset, as JSON (with a `next`
/// cursor link), JSON Lines or CSV. Rows are fetched and written a thousand at a time, so a
/// ten-thousand-row page starts arriving at once and never sits whole in memory.
struct RecordRoutes {
    let access: HostedAccess
    let data: HostedDataRepository

    static let pageSize = 1_000

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("datasets/:dataset/records", use: records)
    }

    @Sendable func records(_ request: Request, context: CausewayContext) async throws -> Response {
        let parameters = QueryParameters(request)
        let target = try await access.target(dataset: try context.parameters.require("dataset"), distribution: parameters.string("distribution"))
        try HostedAccess.requireOpen(target.dataset)
        var parsedQuery = try RecordQueryParser.parse(parameters, schema: target.schema)
        var number = parameters.values["version"] == nil ? nil : try parameters.int("version", default: 1, range: 1...Int(Int32.max))
        if let token = parameters.string("cursor") {
            let cursor = try RecordCursor(token: token)
            if let number, number != cursor.version { throw Problem.badParameter("version", "does not match the cursor's version") }
            number = cursor.version
            if let row = cursor.afterRow {
                guard parsedQuery.sort.isEmpty else { throw Problem.badParameter("cursor", "was made without a sort; ask again without one") }
                parsedQuery.afterRow = row
            } else {
                parsedQuery.offset = cursor.offset
            }
        }
        let format = try Self.format(parameters.string("format"), accept: request.headers[.accept])
        return try await Self.stream(parsedQuery, of: target, version: number, format: format, data: data,
                                     base: Self.nextBase(request, dataset: target.dataset.id))
    }

    /// The rows `parsedQuery` selects from `target`'s data (version `number`, or the latest), as
    /// a streamed answer in `format`: the records route's answer, and the portal's whole-table
    /// downloads (a limit of `Int.max`). `base` is the address a next-page cursor is appended to.
    static func stream(_ parsedQuery: RecordQuery, of target: HostedAccess.Target, version number: Int?, format: RecordRenderer.Format,
                       data: HostedDataRepository, base: String) async throws -> Response {
        // The first page is read before the response starts, so that a missing version or a
        // bad query is still a problem response and not a broken stream.
        let wanted = parsedQuery.limit
        var firstQuery = parsedQuery
        firstQuery.limit = Self.pageLimit(remaining: wanted)
        let first = try await data.records(of: target.distribution.id, version: number, query: firstQuery)
        let version = first.version
        let names = first.fields.map { target.schema.fields[$0].name }
        let keys = RecordRenderer.keys(names)
        let distribution = target.distribution.id
        let schema = target.schema
        let query = parsedQuery
        // Later pages continue from the first fetch's query (its page-sized limit), not from the
        // whole answer's limit: a full first page is not the end.
        let firstPage = firstQuery
        let oneFetch = wanted <= Self.pageSize

        let body = ResponseBody { writer in
            var buffer = ByteBuffer()
            switch format {
            case .json:
                buffer.writeString(#"{"dataset":\#(JSONWriter.text(.string(target.dataset.id))),"distribution":\#(JSONWriter.text(.string(distribution))),"version":\#(version.version),"fields":"#)
                buffer.writeString(JSONWriter.text(.array(first.fields.map { .object(["name": .string(schema.fields[$0].name), "type": .string(schema.fields[$0].type.rawValue)]) })))
                if let total = first.total { buffer.writeString(#","total":\#(total)"#) }
                buffer.writeStaticString(#","records":["#)
            case .csv:
                RecordRenderer.writeCSVRow(names, into: &buffer)
            case .jsonl:
                break
            }
            var page = first
            var written = 0
            var lastRow: Int64?
            var pageQuery = firstPage
            var more = false
            while true {
                let usable = min(page.rows.count, wanted - written)
                for index in 0..<usable {
                    switch format {
                    case .json:
                        if written + index > 0 { buffer.writeStaticString(",") }
                        RecordRenderer.writeObject(page.rows[index], keys: keys, into: &buffer)
                    case .jsonl:
                        RecordRenderer.writeObject(page.rows[index], keys: keys, into: &buffer)
                        buffer.writeStaticString("\n")
                    case .csv:
                        RecordRenderer.writeCSVRow(page.rows[index].map(RecordRenderer.csvText), into: &buffer)
                    }
                }
                if usable > 0 { lastRow = page.rowIDs[usable - 1] }
                written += usable
                try await writer.write(buffer)
                buffer.clear()
                more = page.rows.count > usable
                if written >= wanted || page.rows.count < pageQuery.limit { break }
                pageQuery.includeTotal = false
                let remaining = wanted - written
                pageQuery.limit = Self.pageLimit(remaining: remaining)
                if query.sort.isEmpty, let lastRow {
                    pageQuery.afterRow = lastRow
                    pageQuery.offset = 0
                } else { pageQuery.offset = query.offset + written }
                page = try await data.records(of: distribution, version: version.version, query: pageQuery)
            }
            let next = Self.next(more: more, written: written, lastRow: lastRow, query: query, version: version.version)
            if format == .json {
                buffer.writeStaticString(#"],"next":"#)
                buffer.writeString(next.map { JSONWriter.text(.string(base + $0.token)) } ?? "null")
                buffer.writeStaticString("}")
                try await writer.write(buffer)
                try await writer.finish(nil)
            } else {
                // JSON Lines and CSV have no place for the link in the body. An answer longer
                // than a page learns it only at the end, so it goes in a trailer.
                try await writer.finish(oneFetch || next == nil ? nil : [.link: Self.link(base, next)])
            }
        }
        var headers: HTTPFields = [.contentType: format.contentType]
        headers[.causewayDataVersion] = String(version.version)
        if format != .json, oneFetch {
            // The whole answer is in the first fetch, so its next page is known before the body starts.
            let usable = min(first.rows.count, wanted)
            let next = Self.next(more: first.rows.count > usable, written: usable, lastRow: usable > 0 ? first.rowIDs[usable - 1] : nil,
                                 query: parsedQuery, version: version.version)
            if next != nil { headers[.link] = Self.link(base, next) }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The cursor of the page after `written` rows, if there are more.
    static func next(more: Bool, written: Int, lastRow: Int64?, query: RecordQuery, version: Int) -> RecordCursor? {
        guard more, written > 0 else { return nil }
        return query.sort.isEmpty ? RecordCursor(version: version, afterRow: lastRow, offset: 0)
            : RecordCursor(version: version, afterRow: nil, offset: query.offset + written)
    }


    /// An RFC 8288 link to the next page, for JSON Lines and CSV answers.
    static func link(_ base: String, _ next: RecordCursor?) -> String {
        "<\(base)\(next?.token ?? "")>; rel=\"next\""
    }

    /// Rows to ask for when `remaining` are still wanted: at most a page, and one more than
    /// needed on the last page, because that row tells whether a next page exists.
    static func pageLimit(remaining: Int) -> Int {
        min(remaining, pageSize) + (remaining <= pageSize ? 1 : 0)
    }

    static func format(_ parameter: String?, accept: String?) throws -> RecordRenderer.Format {
        if let parameter {
            guard let format = RecordRenderer.Format(rawValue: parameter.lowercased()) else {
                throw Problem.badParameter("format", "must be json, jsonl or csv")
            }
            return format
        }
        let accept = accept?.lowercased() ?? ""
        if accept.hasPrefix("text/csv") { return .csv }
        if accept.hasPrefix("application/jsonl") || accept.hasPrefix("application/x-ndjson") { return .jsonl }
        return .json
    }

    /// The request's own URL without paging parameters, ready for `cursor=` to be appended.
    static func nextBase(_ request: Request, dataset: String) -> String {
        let kept = request.uri.queryParameters.filter { !["cursor", "offset", "version"].contains(String($0.key)) }
        var components = URLComponents()
        components.queryItems = kept.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
        let query = components.percentEncodedQuery.map { $0 + "&" } ?? ""
        return "/api/v1/datasets/\(dataset)/records?" + query + "cursor="
    }
}
