import CausewayCore
import CausewayStore
import Crypto
import Foundation

/// Contact tracing's rules in one place, for the API, the console and the simulation alike:
/// phones register with a verified number and fetch TempIDs; a tracer opens a case and issues
/// a one-time upload code; the case's phone redeems the code once and uploads; the upload is
/// decrypted and classed into a contact list; a tracer looks at it (or exports it) for a
/// stated purpose.
///
/// Every step a tracer takes, every upload and decryption run, every deletion is written to
/// the transparency log, in the same transaction as the change where there is one. Entries
/// carry case references and counts; a phone's user id appears only as the deployment's
/// keyed hash (so the person, through their device, can find the entries about their
/// upload), and phone numbers never.
struct TracingService: Sendable {
    let repository: TracingRepository
    let keyring: TempIDKeyring
    let vault: KeyVault
    /// Keys the phone-number hashes, so the table cannot be searched by guessing numbers.
    let phoneKey: SymmetricKey
    let subjects: SubjectKeyring
    let log: LogAppender
    let sms: any SMSSender
    let throttle: SignInGuard
    let settings: TracingSettings
    let clock: @Sendable () -> Date

    static let phoneSealingName = "tracing-phone"
    static let phoneKeyName = "tracing-phone-hmac"

    func phoneHash(_ number: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(number.utf8), using: phoneKey))
    }

    // MARK: Phones

    func phoneNumber(_ typed: String) throws -> String {
        guard let number = TracingCodes.phoneNumber(typed) else {
            throw Problem.invalid("A phone number is written in international form: '+', the country code and the number (8 to 15 digits).",
                                  errors: [.init(pointer: "/phoneNumber", detail: "not an international phone number")])
        }
        return number
    }

    /// The configured rules, organisation and retention as the pure procedure that applies them.
    var processor: EncounterProcessor {
        EncounterProcessor(rules: settings.rules, organisation: settings.organisation, retentionSeconds: Int64(settings.retention))
    }

    /// Sends a verification code by SMS; returns when it expires.
    func requestVerification(phoneNumber typed: String, address: String) async throws -> Date {
        let number = try phoneNumber(typed)
        try await throttle.admit(.phone, number, address: address)
        let now = clock()
        let code = TracingCodes.newVerificationCode()
        let expires = now.addingTimeInterval(settings.verificationValidity)
        let start = try await repository.startVerification(phoneHash: phoneHash(number), codeHash: TracingCodes.hash(code), at: now,
                                                           expires: expires, resendAfter: settings.verificationResendInterval)
        if case .tooSoon(let retryAt) = start {
            let seconds = max(1, Int(retryAt.timeIntervalSince(now).rounded(.up)))
            var problem = Problem(.tooManyRequests, code: "tracing.verification-too-soon", title: "A code was sent a moment ago",
                                  detail: "A verification code went to this number less than \(Int(settings.verificationResendInterval)) s ago; use it, or ask again in \(seconds) s.")
            problem.retryAfter = seconds
            throw problem
        }
        try await sms.send("Your contact tracing verification code is \(code). It expires in \(Int(settings.verificationValidity / 60)) minutes.",
                           to: number)
        return expires
    }

    struct Registration: Encodable {
        var uid: String
        var deviceToken: String
    }

    /// Registers a phone whose number the code verifies.
    func register(phoneNumber typed: String, code: String, address: String) async throws -> Registration {
        let number = try phoneNumber(typed)
        try await throttle.admit(.phone, number, address: address)
        let now = clock()
        let hash = phoneHash(number)
        switch try await repository.verify(phoneHash: hash, codeHash: TracingCodes.hash(code), at: now, maxAttempts: settings.verificationAttempts) {
        case .verified:
            try await throttle.succeeded(.phone, number)
        case .none:
            throw Problem(.unauthorized, code: "tracing.verification-invalid", title: "No verification code is waiting",
                          detail: "No code is waiting for this number, or it expired, or too many wrong codes voided it; ask for a new one.")
        case .wrong(let left):
            try await throttle.failed(.phone, number, address: address, door: .tracing)
            throw Problem(.unauthorized, code: "tracing.verification-invalid", title: "The verification code is wrong",
                          detail: left > 0 ? "\(left) more tries before the code is void." : "The code is now void; ask for a new one.")
        }
        let uid = TempID.randomUID()
        let credential = TracingCodes.newCredential(prefix: "dev_")
        try await repository.register(uid: uid, phoneSealed: vault.seal(number, as: Self.phoneSealingName), phoneHash: hash,
                                      credentialHash: TracingCodes.hash(credential), at: now)
        return Registration(uid: uid, deviceToken: credential)
    }

    /// The user id a device credential (`Authorization: Bearer dev_…`) belongs to.
    func device(credential: String?) async throws -> String {
        guard let credential, credential.hasPrefix("dev_"),
              let uid = try await repository.device(credentialHash: TracingCodes.hash(credential)) else {
            throw Problem(.unauthorized, code: "tracing.device-invalid", title: "The device is not registered",
                          detail: "Send 'Authorization: Bearer <deviceToken>' with the token registration gave; a deleted registration's token no longer works.")
        }
        return uid
    }

    func tempIDs(uid: String) async throws -> TempIDBatch {
        let now = clock()
        return try TempIDBatch.issue(uid: uid, key: try await keyring.current(at: now), now: Int64(now.timeIntervalSince1970),
                                     policy: settings.tempIDs)
    }

    /// Deletes a person's registration: their number is gone; their uploads stay until the
    /// retention deletes them (a contact list is the health authority's record).
    func deleteDevice(uid: String) async throws {
        let event = AuditEvent(kind: "tracing.device-deleted", at: clock(), actor: nil, subject: "tracing/devices", agencies: [],
                               details: ["subject": subjects.hash(uid) ?? ""])
        _ = try await repository.deleteDevice(uid: uid, event: event)
    }

    // MARK: Tracers

    /// The agency `user` traces for (an operator, or a person with the tracer role there).
    func tracerAgency(_ user: User, asked: String? = nil) throws -> String {
        let agencies = user.memberships.filter { $0.role == .tracer }.map(\.agency)
        if let asked {
            guard agencies.contains(asked) else { throw Problem.forbidden("Only the tracers of '\(asked)' trace its cases.") }
            return asked
        }
        guard let agency = agencies.first else {
            throw Problem.forbidden("Contact tracing is for people with the tracer role of a health authority.")
        }
        return agency
    }

    func tracingCase(_ id: String, for user: User) async throws -> TracingCase {
        guard let found = try await repository.tracingCase(id) else { throw Problem.notFound("case", id) }
        _ = try tracerAgency(user, asked: found.agency)
        return found
    }

    func openCase(reference: String, agency: String?, by user: User) async throws -> TracingCase {
        let agency = try tracerAgency(user, asked: agency)
        let reference = reference.trimmingCharacters(in: .whitespaces)
        guard TracingCase.isValid(reference: reference) else {
            throw Problem.invalid("A case reference is the health authority's case number: 1 to 64 letters, digits, '-', '.', '/' or '_' (never a name).",
                                  errors: [.init(pointer: "/reference", detail: "not a case reference")])
        }
        return try await repository.open(TracingCase(id: UUID().uuidString.lowercased(), agency: agency, reference: reference,
                                                     openedBy: user.username, created: clock()))
    }

    struct IssuedCode: Encodable {
        var code: String
        var expiresAt: Date
        var caseId: String
    }

    /// A one-time upload code for a confirmed case, to read out to the person.
    func issueCode(caseID: String, by user: User) async throws -> IssuedCode {
        let found = try await tracingCase(caseID, for: user)
        let now = clock()
        let code = TracingCodes.newUploadCode()
        let expires = now.addingTimeInterval(settings.uploadCodeValidity)
        let event = AuditEvent(kind: "tracing.code-issued", at: now, actor: user.username, subject: "tracing/cases/\(found.id)",
                               agencies: [found.agency], details: ["case": found.reference, "expiresAt": Timestamp.string(expires)])
        try await repository.issueCode(hash: TracingCodes.hash(code), caseID: found.id, by: user.username, at: now, expires: expires, event: event)
        return IssuedCode(code: code, expiresAt: expires, caseId: found.id)
    }

    // MARK: Uploads

    struct UploadToken: Encodable {
        var status = "SUCCESS"
        var token: String
        var expiresAt: Date
    }

    /// Exchanges an upload code, once, for an upload token.
    func redeem(code: String, uid: String, address: String) async throws -> UploadToken {
        try await throttle.admit(.device, uid, address: address)
        let now = clock()
        let token = TracingCodes.newCredential(prefix: "upl_")
        let upload = CaseUpload(id: UUID().uuidString.lowercased(), caseID: "", uid: uid, created: now,
                                tokenExpires: now.addingTimeInterval(settings.uploadTokenValidity))
        guard let redeemed = try await repository.redeem(codeHash: TracingCodes.hash(code), upload: upload, tokenHash: TracingCodes.hash(token)) else {
            try await throttle.failed(.device, uid, address: address, door: .tracing)
            throw Problem(.forbidden, code: "tracing.code-invalid", title: "The upload code is not valid",
                          detail: "The code is wrong, was used already, or expired; ask the contact tracer for a new one.")
        }
        try await throttle.succeeded(.device, uid)
        return UploadToken(token: token, expiresAt: redeemed.tokenExpires)
    }

    struct UploadReceipt: Encodable {
        var status = "SUCCESS"
        var upload: String
        var received: Int
        var used: Int
        var notUsed: [String: Int]
        var contacts: Int
    }

    /// Decrypts and classes an upload and stores its contact list, with the upload's and the
    /// decryption run's log entries, in one transaction.
    func upload(_ document: EncounterUpload) async throws -> UploadReceipt {
        let now = clock()
        guard let found = try await repository.upload(tokenHash: TracingCodes.hash(document.token)) else {
            throw Problem(.unauthorized, code: "tracing.token-invalid", title: "The upload token is not valid",
                          detail: "Redeem an upload code for a token first (POST /api/v1/tracing/upload-token).")
        }
        guard found.received == nil else {
            throw Problem(.conflict, code: "tracing.upload-used", title: "This upload token was used",
                          detail: "An upload token works once; the encounters were received at \(Timestamp.string(found.received ?? now)).")
        }
        guard found.tokenExpires > now else {
            throw Problem(.unauthorized, code: "tracing.token-expired", title: "The upload token has expired",
                          detail: "Tokens are valid for \(Int(settings.uploadTokenValidity / 60)) minutes; ask the contact tracer for a new code.")
        }
        guard let tracingCase = try await repository.tracingCase(found.caseID) else { throw Problem.notFound("case", found.caseID) }
        let open = try await keyring.opener()
        let started = Date()
        let outcome = processor.process(document.records, uploader: found.uid, now: Int64(now.timeIntervalSince1970), open: open)
        let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
        var upload = found
        upload.received = now
        upload.outcome = outcome
        let subject = "tracing/cases/\(tracingCase.id)"
        var details = ["case": tracingCase.reference, "upload": upload.id, "records": String(outcome.received), "used": String(outcome.used),
                       "events": String(document.events.count), "subject": subjects.hash(found.uid) ?? ""]
        for (issue, count) in outcome.issues { details["notUsed.\(issue.rawValue)"] = String(count) }
        let events = [
            AuditEvent(kind: "tracing.uploaded", at: now, actor: nil, subject: subject, agencies: [tracingCase.agency], details: details),
            AuditEvent(kind: "tracing.decrypted", at: now, actor: nil, subject: subject, agencies: [tracingCase.agency],
                       details: ["case": tracingCase.reference, "upload": upload.id, "tempIDs": String(outcome.used),
                                 "close": String(outcome.count(.close)), "casual": String(outcome.count(.casual)),
                                 "ignored": String(outcome.count(.ignored)), "milliseconds": String(milliseconds),
                                 "subject": subjects.hash(found.uid) ?? ""]),
        ]
        guard try await repository.complete(upload, contacts: outcome.contacts, events: events) else {
            throw Problem(.conflict, code: "tracing.upload-used", title: "This upload token was used", detail: "An upload token works once.")
        }
        return UploadReceipt(upload: upload.id, received: outcome.received, used: outcome.used,
                             notUsed: Dictionary(uniqueKeysWithValues: outcome.issues.map { ($0.key.rawValue, $0.value) }),
                             contacts: outcome.contacts.count)
    }

    // MARK: Contact lists

    /// One contact as the tracer sees it: with the phone number (opened now), or nil when the
    /// person deleted their registration.
    struct ListedContact: Encodable, Sendable {
        var phoneNumber: String?
        var `class`: ContactExposure.Class
        var reason: String
        var firstExposure: Date
        var lastExposure: Date
        var minutes: Double
        var closeMinutes: Double
        var nearestMeters: Double
        var encounters: Int
        var windows: [ContactExposure.Window]
    }

    struct ContactList: Encodable, Sendable {
        var caseId: String
        var reference: String
        var uploads: Int
        var contacts: [ListedContact]
    }

    enum Look: String {
        case viewed = "tracing.contacts-viewed"
        case exported = "tracing.contacts-exported"
    }

    /// The case's contact list (every upload's, merged per contact), logged as a look or an
    /// export with the purpose the tracer gave.
    func contacts(caseID: String, purpose: String, look: Look, by user: User, classes: Set<ContactExposure.Class> = [.close, .casual])
        async throws -> ContactList {
        let found = try await tracingCase(caseID, for: user)
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(purpose.count) else {
            throw Problem.invalid("Looking at a contact list needs a purpose (3 to 500 characters), which the transparency log records.",
                                  errors: [.init(pointer: "?purpose", detail: "missing or too long")])
        }
        let uploads = try await repository.uploads(caseID: found.id, contacts: true)
        let heard = Dictionary(grouping: uploads.flatMap { $0.outcome?.contacts ?? [] }, by: \.uid)
        let listed = heard.values.compactMap(processor.merged).filter { classes.contains($0.class) }
            .sorted { ($0.class.rank, -$0.closeSeconds, $0.uid) < ($1.class.rank, -$1.closeSeconds, $1.uid) }
        let phones = try await repository.phones(of: listed.map(\.uid))
        var contacts: [ListedContact] = []
        for contact in listed {
            let phone = try phones[contact.uid].map { try vault.open($0, as: Self.phoneSealingName) }
            contacts.append(ListedContact(phoneNumber: phone, class: contact.class, reason: contact.reason,
                                          firstExposure: Date(timeIntervalSince1970: Double(contact.first)),
                                          lastExposure: Date(timeIntervalSince1970: Double(contact.last)),
                                          minutes: Double(contact.seconds) / 60, closeMinutes: Double(contact.closeSeconds) / 60,
                                          nearestMeters: (contact.nearestMeters * 10).rounded() / 10, encounters: contact.encounters,
                                          windows: contact.windows))
        }
        let hashes = uploads.compactMap { subjects.hash($0.uid) }
        var details = ["case": found.reference, "contacts": String(contacts.count), "classes": classes.map(\.rawValue).sorted().joined(separator: ","),
                       "uploads": String(uploads.count)]
        if let first = hashes.first { details["subject"] = first }
        _ = try await log.append([AuditEvent(kind: look.rawValue, at: clock(), actor: user.username, subject: "tracing/cases/\(found.id)",
                                             agencies: [found.agency], reason: purpose, details: details)])
        return ContactList(caseId: found.id, reference: found.reference, uploads: uploads.count, contacts: contacts)
    }
}
