import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// A registry's change feed as a reader receives it, pulled or streamed; the open API and the
/// gateway serve the same events in the same order, the gateway's reduced to agreed fields.
///
/// A reader names the last event it has seen (`after`, or `Last-Event-ID` on a stream). A
/// number past the newest event is a mistake (400); one before the oldest event kept needs a
/// rebuild from the records (410), which the problem says how to do.
struct RegistryFeed: Sendable {
    let repository: RegistryRepository
    let directory: RegistryDirectory
    let baseURL: String

    static let maxLimit = 1_000
    static let defaultLimit = 100
    /// How often an idle stream sends a comment, so that proxies and clients see it alive.
    static let heartbeat: Duration = .seconds(15)
    /// How long an idle stream waits before it looks again whether the node is stopping.
    static let idleCheck: Duration = .seconds(1)
    static let batchContentType = "application/cloudevents-batch+json"

    /// Checks `after` against what the registry has and keeps, and returns it.
    func position(_ after: UInt64, in registry: Registry) async throws -> UInt64 {
        guard let span = try await repository.span(registry.code) else { throw Problem.notFound("registry", registry.code) }
        if after > span.last {
            throw Problem(.badRequest, code: "feed.future", title: "No such event yet",
                          detail: "Registry '\(registry.code)' has events up to \(span.last); \(after) is in the future. Resume from the last sequence number you received.")
        }
        if after + 1 < span.first {
            throw Problem(.gone, code: "feed.expired", title: "Those events are no longer kept",
                          detail: "Registry '\(registry.code)' keeps events from \(span.first) on. Rebuild your copy from GET /api/v1/registries/\(registry.code)/records (its answer names the sequence number it is consistent with), then follow the feed from there.")
        }
        return after
    }

    /// One page of events after `after` as a CloudEvents JSON batch, with a `Link` to the next
    /// page and the registry's newest sequence number.
    func page(_ registry: Registry, after: UInt64, limit: Int, fields: [String]?, path: String) async throws -> (body: ByteBuffer, headers: HTTPFields) {
        let start = try await position(after, in: registry)
        let events = try await repository.events(registry, after: start, limit: limit)
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, event) in events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Self.reduced(event, to: fields).document(baseURL: baseURL)
        }
        out.append(UInt8(ascii: "]"))
        let next = events.last?.sequence ?? start
        var headers: HTTPFields = [:]
        headers[.contentType] = Self.batchContentType
        headers[.cacheControl] = "no-store"
        headers[.link] = "<\(baseURL)\(path)?after=\(next)&limit=\(limit)>; rel=\"next\""
        headers[.causewayLastSequence] = String(max(directory.hub(registry.code)?.last ?? 0, next))
        return (ByteBuffer(bytes: out), headers)
    }

    /// The events after `after` as Server-Sent Events, until the client goes or `allowed`
    /// says no (checked at least every `check`). Each event's `id` is its sequence number, so
    /// a reconnecting client resumes with `Last-Event-ID`.
    func stream(_ registry: Registry, after: UInt64, fields: [String]?, check: Duration = heartbeat,
                allowed: @escaping @Sendable () -> Bool = { true }) async throws -> (body: ResponseBody, headers: HTTPFields) {
        let start = try await position(after, in: registry)
        guard let hub = directory.hub(registry.code) else { throw Problem.notFound("registry", registry.code) }
        let repository = self.repository, baseURL = self.baseURL
        let body = ResponseBody { writer in
            try await hub.reading {
                var cursor = start
                var buffer = ByteBuffer()
                buffer.writeString("retry: 2000\n: connected to \(registry.code) after \(cursor)\n\n")
                try await writer.write(buffer)
                var sinceHeartbeat: Duration = .zero
                while !Task.isCancelled, !Task.isShuttingDownGracefully, allowed() {
                    let events: [RegistryEvent]
                    if let buffered = hub.buffered(after: cursor, limit: 500) {
                        events = buffered
                    } else {
                        events = try await repository.events(registry, after: cursor, limit: 500)
                    }
                    if let last = events.last {
                        buffer.clear()
                        for event in events {
                            buffer.writeString("id: \(event.sequence)\ndata: ")
                            buffer.writeBytes(Self.reduced(event, to: fields).document(baseURL: baseURL))
                            buffer.writeString("\n\n")
                        }
                        try await writer.write(buffer)
                        cursor = last.sequence
                        sinceHeartbeat = .zero
                        continue
                    }
                    let wait = min(check, Self.idleCheck)
                    if await hub.wait(after: cursor, atMost: wait) { continue }
                    sinceHeartbeat += wait
                    if sinceHeartbeat >= Self.heartbeat {
                        buffer.clear()
                        buffer.writeString(": heartbeat\n\n")
                        try await writer.write(buffer)
                        sinceHeartbeat = .zero
                    }
                }
                try await writer.finish(nil)
            }
        }
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        // Tells nginx-style proxies not to hold events back in a buffer.
        headers[.xAccelBuffering] = "no"
        return (body, headers)
    }

    static func reduced(_ event: RegistryEvent, to fields: [String]?) -> RegistryEvent {
        fields.map { event.reduced(to: Set($0)) } ?? event
    }

    /// Where a reader starts: `Last-Event-ID` (a reconnecting stream) or `after`; a stream
    /// without either starts at the newest event, a pull at the beginning.
    static func after(_ request: Request, query: QueryParameters, default fallback: UInt64) throws -> UInt64 {
        if let header = request.headers[.lastEventID] {
            guard let value = UInt64(header.trimmingCharacters(in: .whitespaces)) else {
                throw Problem(.badRequest, code: "request.invalid", title: "Last-Event-ID is not a sequence number",
                              detail: "Last-Event-ID must be the id of the last event received (a whole number).")
            }
            return value
        }
        guard let text = query.string("after") else { return fallback }
        guard let value = UInt64(text) else { throw Problem.badParameter("after", "must be a sequence number (a whole number, 0 for the beginning)") }
        return value
    }
}
