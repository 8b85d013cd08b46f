import Foundation

/// The file of a `multipart/form-data` upload that was spooled to disk whole: the console's
/// upload form without a script (the script sends the file as the body instead, with live
/// progress). The form's small fields come before the file, which is the last part, so the
/// small fields are read from the head of the spool and the file's end from its tail, and the
/// file's bytes are copied out in chunks, never held in memory.
struct MultipartFile: Sendable {
    /// The small fields before the file (the CSRF token, the mode).
    var fields: [String: String]
    var filename: String
    /// The file's bytes in the spool: `start..<end`.
    var start: Int
    var end: Int

    enum Failure: Error, Equatable {
        case notMultipart
        case noFile
        case malformed
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            if parts.count == 2, parts[0].lowercased() == "boundary" {
                let value = parts[1].hasPrefix("\"") && parts[1].hasSuffix("\"") && parts[1].count >= 2 ? String(parts[1].dropFirst().dropLast()) : parts[1]
                return value.isEmpty || value.utf8.count > 70 ? nil : value
            }
        }
        return nil
    }

    /// Finds the parts in `head` (the spool's first bytes) and the closing boundary in `tail`
    /// (its last bytes, which begin at `tailOffset`).
    static func locate(head: [UInt8], tail: [UInt8], tailOffset: Int, boundary: String) throws(Failure) -> MultipartFile {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n\r\n".utf8)
        guard head.starts(with: delimiter) else { throw .malformed }
        var fields: [String: String] = [:]
        var position = delimiter.count + 2 // past the boundary and its CRLF
        while position < head.count {
            guard let headerEnd = find(separator, in: head, from: position) else { throw .malformed }
            let headers = String(decoding: head[position..<headerEnd], as: UTF8.self)
            let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
            let name = parameter("name", in: disposition)
            let bodyStart = headerEnd + separator.count
            if let filename = parameter("filename", in: disposition) {
                let closing = Array("\r\n--\(boundary)--".utf8)
                guard let closed = lastIndex(of: closing, in: tail) else { throw .malformed }
                let end = tailOffset + closed
                guard end >= bodyStart else { throw .malformed }
                return MultipartFile(fields: fields, filename: filename, start: bodyStart, end: end)
            }
            guard let name, let valueEnd = find(Array("\r\n".utf8) + delimiter, in: head, from: bodyStart) else { throw .malformed }
            fields[name] = String(decoding: head[bodyStart..<valueEnd], as: UTF8.self)
            position = valueEnd + 2 + delimiter.count + 2
        }
        throw .noFile
    }

    /// A quoted parameter of a `Content-Disposition` line.
    static func parameter(_ name: String, in line: String) -> String? {
        for part in line.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            return pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }

    static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for index in stride(from: haystack.count - needle.count, through: 0, by: -1) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }

    /// Reads the spooled body at `path` and finds its file (see ``locate(head:tail:tailOffset:boundary:)``).
    static func read(path: String, boundary: String) throws -> MultipartFile {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.malformed }
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        let head = Array(try handle.read(upToCount: min(size, 64 * 1024)) ?? Data())
        let tailOffset = max(0, size - 4 * 1024)
        try handle.seek(toOffset: UInt64(tailOffset))
        let tail = Array(try handle.readToEnd() ?? Data())
        return try locate(head: head, tail: tail, tailOffset: tailOffset, boundary: boundary)
    }

    /// Copies the file's bytes from the spooled body at `source` to `destination`.
    func copy(from source: String, to destination: String) throws {
        guard let input = FileHandle(forReadingAtPath: source),
              FileManager.default.createFile(atPath: destination, contents: nil),
              let output = FileHandle(forWritingAtPath: destination) else { throw Failure.malformed }
        defer {
            try? input.close()
            try? output.close()
        }
        try input.seek(toOffset: UInt64(start))
        var remaining = end - start
        while remaining > 0 {
            guard let chunk = try input.read(upToCount: min(remaining, 1 << 20)), !chunk.isEmpty else { throw Failure.malformed }
            try output.write(contentsOf: chunk)
            remaining -= chunk.count
        }
        try output.synchronize()
    }
}
