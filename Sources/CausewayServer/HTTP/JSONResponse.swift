import Foundation
import Hummingbird
import NIOCore

/// Building JSON responses, from values or from bytes rendered ahead of time.
enum JSONResponse {
    static let contentType = "application/json; charset=utf-8"

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try APIJSON.encoder.encode(value)
        return bytes(ByteBuffer(data: data), status: status, headers: headers)
    }

    static func bytes(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:],
                      contentType: String = contentType) -> Response {
        var headers = headers
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// Writes `prefix`, the parts separated by commas, then `suffix`: a JSON array of
    /// pre-rendered objects inside an envelope, without re-encoding them.
    static func joined(prefix: String, parts: [ByteBuffer], suffix: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(prefix.utf8.count + suffix.utf8.count + parts.reduce(parts.count) { $0 + $1.readableBytes })
        buffer.writeString(prefix)
        for (index, part) in parts.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            buffer.writeImmutableBuffer(part)
        }
        buffer.writeString(suffix)
        return buffer
    }

    /// A value encoded as JSON text, to splice into a hand-built envelope.
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encoder.encode(value), as: UTF8.self)
    }
}
