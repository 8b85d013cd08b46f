import CausewayCore
import Foundation
import SQLKit

/// Phones: verifying a number with a one-time code, registering, finding a phone by its
/// credential, and deleting a registration.
extension TracingRepository {
    public enum Verification: Sendable, Equatable {
        case verified
        /// No code is waiting for this number, or it expired.
        case none
        /// A wrong code; `attemptsLeft` more before the code is void.
        case wrong(attemptsLeft: Int)
    }

    /// Starts (or restarts) verifying a number: the previous code, if any, is void, unless it
    /// was sent less than `interval` ago. That keeps anyone from sending one number a stream
    /// of text messages, each of which costs the authority money and annoys the owner.
    public func startVerification(phoneHash: String, codeHash: String, at now: Date, expires: Date,
                                  resendAfter interval: TimeInterval) async throws -> VerificationStart {
        try await database.transaction { connection in
            if let row = try await connection.raw("""
                SELECT created_at FROM tracing_verifications
                WHERE phone_hash = \(bind: phoneHash) AND created_at > \(bind: Timestamp.string(now.addingTimeInterval(-interval)))
                """).first(),
               let sent = Timestamp.date(try row.decode(column: "created_at", as: String.self)) {
                return .tooSoon(retryAt: sent.addingTimeInterval(interval))
            }
            try await connection.raw("DELETE FROM tracing_verifications WHERE phone_hash = \(bind: phoneHash)").run()
            try await connection.raw("""
                INSERT INTO tracing_verifications (phone_hash, code_hash, attempts, created_at, expires_at)
                VALUES (\(bind: phoneHash), \(bind: codeHash), 0, \(bind: Timestamp.string(now)), \(bind: Timestamp.string(expires)))
                """).run()
            return .started
        }
    }

    /// Whether a new code was stored, or the last one is too recent to send another.
    public enum VerificationStart: Sendable, Equatable {
        case started
        case tooSoon(retryAt: Date)
    }

    /// Checks a code; a right one is used up, a wrong one counts, and the `maxAttempts`th
    /// wrong one voids the code.
    public func verify(phoneHash: String, codeHash: String, at now: Date, maxAttempts: Int) async throws -> Verification {
        try await database.transaction { connection in
            guard let row = try await connection.raw("""
                SELECT code_hash, attempts FROM tracing_verifications
                WHERE phone_hash = \(bind: phoneHash) AND expires_at > \(bind: Timestamp.string(now))
                """).first() else { return .none }
            if try row.decode(column: "code_hash", as: String.self) == codeHash {
                try await connection.raw("DELETE FROM tracing_verifications WHERE phone_hash = \(bind: phoneHash)").run()
                return .verified
            }
            let attempts = try row.decode(column: "attempts", as: Int.self) + 1
            if attempts >= maxAttempts {
                try await connection.raw("DELETE FROM tracing_verifications WHERE phone_hash = \(bind: phoneHash)").run()
            } else {
                try await connection.raw("UPDATE tracing_verifications SET attempts = \(bind: attempts) WHERE phone_hash = \(bind: phoneHash)").run()
            }
            return .wrong(attemptsLeft: max(0, maxAttempts - attempts))
        }
    }

    /// Registers a phone. A number registers once at a time: registering again replaces the
    /// earlier registration (a new phone, a reinstalled app).
    public func register(uid: String, phoneSealed: String, phoneHash: String, credentialHash: String, at now: Date) async throws {
        try await database.transaction { connection in
            try await connection.raw("DELETE FROM tracing_devices WHERE phone_hash = \(bind: phoneHash)").run()
            try await connection.raw("""
                INSERT INTO tracing_devices (uid, phone_sealed, phone_hash, credential_hash, created_at)
                VALUES (\(bind: uid), \(bind: phoneSealed), \(bind: phoneHash), \(bind: credentialHash), \(bind: Timestamp.string(now)))
                """).run()
        }
    }

    /// The user id a device credential belongs to.
    public func device(credentialHash: String) async throws -> String? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT uid FROM tracing_devices WHERE credential_hash = \(bind: credentialHash)").first()?
                .decode(column: "uid", as: String.self)
        }
    }

    /// The sealed phone numbers of these user ids (those still registered).
    public func phones(of uids: [String]) async throws -> [String: String] {
        guard !uids.isEmpty else { return [:] }
        return try await database.withConnection { connection in
            var found: [String: String] = [:]
            for chunk in stride(from: 0, to: uids.count, by: 500).map({ Array(uids[$0..<min($0 + 500, uids.count)]) }) {
                let rows = try await connection.select().column("uid").column("phone_sealed").from("tracing_devices")
                    .where("uid", .in, chunk).all()
                for row in rows {
                    found[try row.decode(column: "uid", as: String.self)] = try row.decode(column: "phone_sealed", as: String.self)
                }
            }
            return found
        }
    }

    /// Deletes a registration with its log entry; false when there was none.
    public func deleteDevice(uid: String, event: AuditEvent) async throws -> Bool {
        try await database.transaction { [engine = database.engine] connection in
            guard try await connection.raw("DELETE FROM tracing_devices WHERE uid = \(bind: uid) RETURNING uid").first() != nil else { return false }
            _ = try await LogAppender.append([LogEntryDraft(event)], inTransactionOn: connection, engine: engine)
            return true
        }
    }

    public func deviceCount() async throws -> Int {
        try await database.withConnection { connection in
            try await connection.raw("SELECT COUNT(*) AS n FROM tracing_devices").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
