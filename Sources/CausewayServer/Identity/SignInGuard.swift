import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import Logging

/// The ``SignInThrottle`` at the two doors that take a secret: console sign-in (per username)
/// and the token endpoint (per client id), both also per address.
///
/// Nothing here depends on whether the username exists: the counts are kept for the name as
/// typed, so a locked name and a name that never existed answer alike. The failure that locks
/// a name or an address is written to the transparency log, with the name or address opaque
/// (keyed hash), as a guessing attempt others may want to see.
struct SignInGuard: Sendable {
    enum Door: String { case session, oauth, tracing }

    let failures: SignInFailureRepository
    let audit: AuditWriter
    let subjects: SubjectKeyring
    /// Take the caller's address from the last `X-Forwarded-For` entry (set by the node's
    /// own balancer) rather than from the connection.
    let trustForwardedFor: Bool
    let clock: @Sendable () -> Date
    var throttle = SignInThrottle()

    /// The caller's address as this node can tell it.
    func address(of request: Request, context: CausewayContext) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.peer?.ipAddress ?? "unknown"
    }

    /// Throws `429 auth.throttled` while `name` or `address` is locked.
    func admit(_ scope: SignInFailureRepository.Scope, _ name: String, address: String) async throws {
        let now = clock()
        let since = now.addingTimeInterval(-throttle.window)
        let waits = [
            throttle.wait(failures: try await failures.failures(scope, name, since: since), limit: throttle.perName, now: now),
            throttle.wait(failures: try await failures.failures(.address, address, since: since), limit: throttle.perAddress, now: now),
        ].compactMap { $0 }
        if let longest = waits.max() { throw Problem.throttled(Int(longest.rounded(.up))) }
    }

    /// Records a failure; logs the lock when this failure is the one that made it.
    func failed(_ scope: SignInFailureRepository.Scope, _ name: String, address: String, door: Door) async throws {
        let now = clock()
        try await failures.record([(scope, name), (.address, address)], at: now, window: throttle.window)
        let since = now.addingTimeInterval(-throttle.window)
        let redaction = LogRedaction { [subjects] in subjects.hash($0) ?? "" }
        for (kind, value, limit) in [(scope, name, throttle.perName), (.address, address, throttle.perAddress)] {
            guard throttle.justLocked(failures: try await failures.failures(kind, value, since: since), limit: limit, now: now) else { continue }
            _ = try await audit.append(AuditEvent(
                kind: "auth.locked", at: now, actor: nil, subject: "auth/\(door.rawValue)", agencies: [],
                details: ["scope": kind.rawValue, "key": redaction.opaque(value), "failures": String(limit),
                          "lockedSeconds": String(Int(throttle.baseDelay))]))
        }
    }

    /// A success forgets the name's failures (the address keeps its count).
    func succeeded(_ scope: SignInFailureRepository.Scope, _ name: String) async throws {
        try await failures.clear(scope, name)
    }
}
