import Hummingbird
import NIOCore

/// Reads a large request body (an upload) up to a limit of its own, and when the body is
/// larger says so with that limit and what fits under it, instead of the generic size problem.
enum LimitedBody {
    static func collect(_ request: Request, limit: Int, hint: String) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error where error is NIOTooManyBytesError || (error as? HTTPError)?.status == .contentTooLarge {
            throw Problem(.contentTooLarge, code: "request.too-large", title: "The upload is too large",
                          detail: "An upload may be at most \(limit) bytes; \(hint)")
        }
    }
}
