import CausewayCore
import Foundation
import SQLKit

/// Webhook subscriptions to registry feeds, and the leases that let one node at a time
/// deliver each of them.
///
/// Invariant: a deliverer changes a subscription only while it holds the subscription's
/// lease (``save(_:holder:leaseUntil:)`` names the holder and fails when the lease was lost),
/// so two nodes never deliver the same subscription at once and its events stay in order. A
/// dead node's lease runs out and another node (or the restarted one) takes over from the
/// last acknowledged event. The owner's changes (resume, delete) need no lease: a delivering
/// node sees them at its next save.
public struct WebhookRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func create(_ subscription: WebhookSubscription) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                INSERT INTO registry_subscriptions (id, registry, agency, created_by, url, state, position, failures, next_attempt, created_at)
                VALUES (\(bind: subscription.id), \(bind: subscription.registry), \(bind: subscription.agency), \(bind: subscription.createdBy),
                        \(bind: subscription.url), \(bind: subscription.state.rawValue), \(bind: Int64(subscription.position)), 0,
                        \(bind: Timestamp.string(subscription.nextAttempt)), \(bind: Timestamp.string(subscription.created)))
                """).run()
        }
    }

    public func find(_ id: String) async throws -> WebhookSubscription? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM registry_subscriptions WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// A registry's subscriptions, oldest first; only `agency`'s when one is named.
    public func subscriptions(registry: String? = nil, agency: String? = nil) async throws -> [WebhookSubscription] {
        try await database.withConnection { connection in
            var query = connection.select().column("*").from("registry_subscriptions")
            if let registry { query = query.where("registry", .equal, registry) }
            if let agency { query = query.where("agency", .equal, agency) }
            return try await query.orderBy("created_at").orderBy("id").all().map(Self.decode)
        }
    }

    /// Active subscriptions whose next attempt is due at `now`.
    public func due(at now: Date) async throws -> [WebhookSubscription] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM registry_subscriptions WHERE state = 'active' AND next_attempt <= \(bind: Timestamp.string(now))
                ORDER BY next_attempt
                """).all().map(Self.decode)
        }
    }

    /// Takes (or renews) the lease on an active subscription for `holder` until `until`, when
    /// nobody else holds it; returns the subscription as stored, or nil when another node
    /// holds it or it is gone or paused.
    public func claim(_ id: String, holder: String, until: Date, now: Date) async throws -> WebhookSubscription? {
        try await database.transaction { connection in
            try await connection.raw("""
                UPDATE registry_subscriptions SET lease_holder = \(bind: holder), lease_until = \(bind: Timestamp.string(until))
                WHERE id = \(bind: id) AND state = 'active'
                  AND (lease_holder IS NULL OR lease_holder = \(bind: holder) OR lease_until < \(bind: Timestamp.string(now)))
                RETURNING *
                """).first().map(Self.decode)
        }
    }

    /// Stores a deliverer's progress (position, failures, pause) and renews its lease; false
    /// when the lease was lost or the subscription deleted or paused by its owner meanwhile
    /// (the deliverer then stops).
    public func save(_ subscription: WebhookSubscription, holder: String, leaseUntil: Date) async throws -> Bool {
        try await database.transaction { connection in
            try await Self.save(subscription, holder: holder, leaseUntil: leaseUntil, on: connection)
        }
    }

    /// The update behind ``save(_:holder:leaseUntil:)`` and ``pause(_:holder:logging:)``; a nil
    /// `leaseUntil` gives the lease up.
    private static func save(_ subscription: WebhookSubscription, holder: String, leaseUntil: Date?, on connection: any SQLDatabase) async throws -> Bool {
        try await connection.raw("""
            UPDATE registry_subscriptions SET
                state = \(bind: subscription.state.rawValue), position = \(bind: Int64(subscription.position)),
                failures = \(bind: subscription.failures), failing_since = \(bind: subscription.failingSince.map(Timestamp.string)),
                next_attempt = \(bind: Timestamp.string(subscription.nextAttempt)), last_error = \(bind: subscription.lastError),
                pause_reason = \(bind: subscription.pauseReason), lease_until = \(bind: leaseUntil.map(Timestamp.string)),
                lease_holder = \(bind: leaseUntil == nil ? nil : holder)
            WHERE id = \(bind: subscription.id) AND lease_holder = \(bind: holder) AND state = 'active'
            RETURNING id
            """).first() != nil
    }

    /// Stores a deliverer's pause, gives up its lease and appends `event` to the transparency
    /// log, all in one transaction: nobody can see a paused subscription whose pause is not
    /// yet in the log, and a crash loses neither. False (and nothing logged) when the lease
    /// was lost or the owner changed the subscription meanwhile.
    public func pause(_ subscription: WebhookSubscription, holder: String, logging event: AuditEvent) async throws -> Bool {
        try await database.transaction { [engine = database.engine] connection in
            guard try await Self.save(subscription, holder: holder, leaseUntil: nil, on: connection) else { return false }
            _ = try await LogAppender.append([LogEntryDraft(event)], inTransactionOn: connection, engine: engine)
            return true
        }
    }

    /// Gives up a lease, so another node may deliver at once.
    public func release(_ id: String, holder: String) async throws {
        try await database.transaction { connection in
            try await connection.raw("""
                UPDATE registry_subscriptions SET lease_holder = NULL, lease_until = NULL
                WHERE id = \(bind: id) AND lease_holder = \(bind: holder)
                """).run()
        }
    }

    /// The owner's resume: active again, due now, from the same position.
    public func resume(_ id: String, at now: Date) async throws -> WebhookSubscription? {
        try await database.transaction { connection in
            try await connection.raw("""
                UPDATE registry_subscriptions SET state = 'active', pause_reason = NULL, failures = 0, failing_since = NULL,
                    next_attempt = \(bind: Timestamp.string(now))
                WHERE id = \(bind: id)
                RETURNING *
                """).first().map(Self.decode)
        }
    }

    /// Deletes a subscription; false when there was none.
    public func delete(_ id: String) async throws -> Bool {
        try await database.transaction { connection in
            try await connection.raw("DELETE FROM registry_subscriptions WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    static func decode(_ row: any SQLRow) throws -> WebhookSubscription {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: String?.self).flatMap(Timestamp.date) }
        let created = try date("created_at") ?? Date(timeIntervalSince1970: 0)
        var subscription = WebhookSubscription(
            id: try row.decode(column: "id", as: String.self), registry: try row.decode(column: "registry", as: String.self),
            agency: try row.decode(column: "agency", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
            url: try row.decode(column: "url", as: String.self), position: UInt64(try row.decode(column: "position", as: Int64.self)),
            created: created)
        subscription.state = WebhookSubscription.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .paused
        subscription.failures = try row.decode(column: "failures", as: Int.self)
        subscription.failingSince = try date("failing_since")
        subscription.nextAttempt = try date("next_attempt") ?? created
        subscription.lastError = try row.decode(column: "last_error", as: String?.self)
        subscription.pauseReason = try row.decode(column: "pause_reason", as: String?.self)
        return subscription
    }
}
