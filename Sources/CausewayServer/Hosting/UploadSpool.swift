import Foundation
import Hummingbird
import NIOCore

/// Writes an upload's bytes to a file under the data directory as they arrive, hashing them
/// on the way. The request returns as soon as the bytes are safe on disk; validation and
/// loading happen in a job that reads the file back, so a slow database never holds a client
/// connection open, and a node restarted mid-load can start the job again from the file.
struct UploadSpool {
    let directory: String

    struct Spooled: Sendable {
        var path: String
        var byteSize: Int
    }

    func path(for job: String) -> String { directory + "/" + job + ".upload" }

    func receive(_ body: RequestBody, job: String, limit: Int) async throws -> Spooled {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = path(for: job)
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw Problem(.internalServerError, code: "upload.spool", title: "The upload could not be stored",
                          detail: "The node could not write to its data directory.")
        }
        var size = 0
        do {
            defer { try? handle.close() }
            for try await buffer in body {
                size += buffer.readableBytes
                guard size <= limit else {
                    throw Problem(.contentTooLarge, code: "upload.too-large", title: "The upload is too large",
                                  detail: "Uploads may be at most \(limit) bytes.")
                }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return Spooled(path: path, byteSize: size)
    }

    func remove(job: String) {
        try? FileManager.default.removeItem(atPath: path(for: job))
    }
}
