import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore

/// The phone's side of `/api/v1/tracing`: verify a number, register, fetch TempIDs, redeem an
/// upload code, upload, see who used the upload, delete the registration.
///
/// These routes authenticate phones with their own credential (`Authorization: Bearer
/// dev_…`), not people's sessions, so they are mounted apart from the session middleware.
/// Answers keep OpenTrace's shapes (`status: "SUCCESS"`, `tempIDs`, `refreshTime`, `token`)
/// so an OpenTrace app needs only its endpoints changed.
struct TracingDeviceRoutes {
    let service: TracingService
    let log: LogReader
    let throttle: SignInGuard

    func register(on group: RouterGroup<CausewayContext>) {
        group.post("devices/verification", use: verification)
        group.post("devices", use: registerDevice)
        group.delete("devices/me", use: deleteDevice)
        group.get("devices/me/uploads", use: myUploads)
        group.get("tempids", use: tempIDs)
        group.post("upload-token", use: uploadToken)
        group.post("uploads", use: upload)
    }

    func credential(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
    }

    struct VerificationRequest: Codable {
        var phoneNumber: String
    }

    struct VerificationSent: Encodable {
        var status = "SUCCESS"
        var expiresAt: Date
    }

    @Sendable func verification(_ request: Request, context: CausewayContext) async throws -> Response {
        let body = try await StrictJSON.decode(VerificationRequest.self, from: request)
        let expires = try await service.requestVerification(phoneNumber: body.phoneNumber, address: throttle.address(of: request, context: context))
        return try JSONResponse.make(VerificationSent(expiresAt: expires), status: .accepted)
    }

    struct RegistrationRequest: Codable {
        var phoneNumber: String
        var code: String
    }

    @Sendable func registerDevice(_ request: Request, context: CausewayContext) async throws -> Response {
        let body = try await StrictJSON.decode(RegistrationRequest.self, from: request)
        let registration = try await service.register(phoneNumber: body.phoneNumber, code: body.code,
                                                      address: throttle.address(of: request, context: context))
        return try JSONResponse.make(registration, status: .created)
    }

    @Sendable func deleteDevice(_ request: Request, context: CausewayContext) async throws -> Response {
        let uid = try await service.device(credential: credential(request))
        try await service.deleteDevice(uid: uid)
        return Response(status: .noContent)
    }

    @Sendable func tempIDs(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let uid = try await service.device(credential: credential(request))
        return try JSONResponse.make(try await service.tempIDs(uid: uid))
    }

    struct CodeRequest: Codable {
        var code: String
    }

    @Sendable func uploadToken(_ request: Request, context: CausewayContext) async throws -> Response {
        let uid = try await service.device(credential: credential(request))
        let body = try await StrictJSON.decode(CodeRequest.self, from: request)
        return try JSONResponse.make(try await service.redeem(code: body.code, uid: uid, address: throttle.address(of: request, context: context)),
                                     status: .created)
    }

    @Sendable func upload(_ request: Request, context: CausewayContext) async throws -> Response {
        let limit = service.settings.maxUploadBytes
        let bytes = try await LimitedBody.collect(request, limit: limit, hint: "21 days of a busy phone's encounters are about 10 MiB.")
        let document: EncounterUpload
        do {
            document = try JSONDecoder().decode(EncounterUpload.self, from: Data(buffer: bytes))
        } catch {
            throw Problem.malformed("An upload is OpenTrace's JSON document: {\"token\": …, \"records\": [ … ], \"events\": [ … ]}.")
        }
        return try JSONResponse.make(try await service.upload(document), status: .created)
    }

    /// One use of the person's upload, as the log holds it.
    struct Use: Encodable {
        var index: Int64
        var at: Date
        var kind: String
        var by: String?
        var agency: String?
        var purpose: String?
        var contacts: String?
    }

    struct MyUpload: Encodable {
        var upload: String
        var receivedAt: Date?
        var records: Int?
    }

    struct MyUploads: Encodable {
        var uploads: [MyUpload]
        /// Every log entry about the person's uploads: the upload, the decryption run, and
        /// each time a tracer looked at or exported the contact list, with the purpose.
        var uses: [Use]
    }

    @Sendable func myUploads(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        let uid = try await service.device(credential: credential(request))
        let uploads = try await service.repository.uploads(uid: uid)
        let entries = try await log.entries(subjectHashes: service.subjects.allHashes(uid), limit: 500)
        let uses = entries.compactMap { entry -> Use? in
            guard let event = try? AuditEvent(document: Data(entry.bytes)), event.kind.hasPrefix("tracing.") else { return nil }
            return Use(index: entry.index, at: event.at, kind: event.kind, by: event.actor, agency: event.agencies.first, purpose: event.reason,
                       contacts: event.details["contacts"])
        }
        return try JSONResponse.make(MyUploads(uploads: uploads.map {
            MyUpload(upload: $0.id, receivedAt: $0.received, records: $0.outcome?.received)
        }, uses: uses))
    }
}
