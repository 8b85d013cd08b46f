import Foundation
import Logging
import SQLKit

/// The schema, as the ordered list of migrations, and the runner that applies the missing ones
/// at start-up. Timestamps are stored as ISO 8601 text and booleans as integers so that one set
/// of queries serves SQLite and PostgreSQL alike.
public enum Migrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "identity and catalogue") { _ in
            [
                """
                CREATE TABLE revisions (
                    name TEXT PRIMARY KEY,
                    value BIGINT NOT NULL
                )
                """,
                "INSERT INTO revisions (name, value) VALUES ('catalog', 0)",
                """
                CREATE TABLE node_keys (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE agencies (
                    code TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    homepage TEXT,
                    email TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE systems (
                    agency TEXT NOT NULL REFERENCES agencies(code),
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (agency, code)
                )
                """,
                """
                CREATE TABLE client_secrets (
                    id TEXT PRIMARY KEY,
                    agency TEXT NOT NULL,
                    system TEXT NOT NULL,
                    secret_hash TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT,
                    FOREIGN KEY (agency, system) REFERENCES systems(agency, code)
                )
                """,
                """
                CREATE TABLE users (
                    username TEXT PRIMARY KEY,
                    display_name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    is_operator INTEGER NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE memberships (
                    username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
                    agency TEXT NOT NULL REFERENCES agencies(code),
                    role TEXT NOT NULL,
                    PRIMARY KEY (username, agency, role)
                )
                """,
                """
                CREATE TABLE datasets (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    publisher TEXT NOT NULL REFERENCES agencies(code),
                    access_rights TEXT NOT NULL,
                    state TEXT NOT NULL,
                    revision BIGINT NOT NULL,
                    issued TEXT NOT NULL,
                    modified TEXT NOT NULL,
                    document TEXT NOT NULL
                )
                """,
                "CREATE INDEX datasets_revision ON datasets (revision)",
                "CREATE INDEX datasets_publisher ON datasets (publisher)",
            ]
        },
        Migration(version: 2, name: "hosted tables and upload jobs") { _ in
            [
                "INSERT INTO revisions (name, value) VALUES ('hosted-table', 0)",
                """
                CREATE TABLE hosted_versions (
                    distribution TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    dataset TEXT NOT NULL,
                    table_name TEXT NOT NULL,
                    schema TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    row_count BIGINT NOT NULL,
                    rows_written BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    byte_size BIGINT NOT NULL,
                    uploaded_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    job TEXT,
                    PRIMARY KEY (distribution, version)
                )
                """,
                """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    dataset TEXT NOT NULL,
                    distribution TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    format TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    started_at TEXT,
                    finished_at TEXT,
                    byte_size BIGINT NOT NULL,
                    rows_read BIGINT NOT NULL,
                    rows_written BIGINT NOT NULL,
                    error_count BIGINT NOT NULL,
                    errors TEXT NOT NULL,
                    version BIGINT,
                    detail TEXT
                )
                """,
                "CREATE INDEX jobs_state ON jobs (state)",
            ]
        },
        Migration(version: 3, name: "hosted data revision") { _ in
            ["INSERT INTO revisions (name, value) VALUES ('hosted-data', 0)"]
        },
        Migration(version: 4, name: "agreements, templates and the audit outbox") { engine in
            [
                "INSERT INTO revisions (name, value) VALUES ('agreements', 0)",
                "INSERT INTO revisions (name, value) VALUES ('credentials', 0)",
                "INSERT INTO revisions (name, value) VALUES ('audit-delivered', 0)",
                """
                CREATE TABLE agreements (
                    id TEXT PRIMARY KEY,
                    provider TEXT NOT NULL REFERENCES agencies(code),
                    consumer TEXT NOT NULL REFERENCES agencies(code),
                    status TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    renewal_of TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    document TEXT NOT NULL
                )
                """,
                "CREATE INDEX agreements_provider ON agreements (provider)",
                "CREATE INDEX agreements_consumer ON agreements (consumer)",
                """
                CREATE TABLE agreement_templates (
                    id TEXT PRIMARY KEY,
                    agency TEXT NOT NULL REFERENCES agencies(code),
                    created_at TEXT NOT NULL,
                    document TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE audit_events (
                    seq \(engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"),
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    at TEXT NOT NULL,
                    document TEXT NOT NULL
                )
                """,
            ]
        },
        Migration(version: 5, name: "gateway signing keys") { _ in
            [
                "INSERT INTO revisions (name, value) VALUES ('signing-keys', 0)",
                """
                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY,
                    private_key TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    retired_at TEXT
                )
                """,
            ]
        },
        Migration(version: 6, name: "gateway services") { _ in
            [
                "INSERT INTO revisions (name, value) VALUES ('services', 0)",
                """
                CREATE TABLE services (
                    provider TEXT NOT NULL REFERENCES agencies(code),
                    code TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (provider, code)
                )
                """,
            ]
        },
        Migration(version: 7, name: "transparency log, its counts and citizen portals") { engine in
            let bytes = engine == .sqlite ? "BLOB" : "BYTEA"
            return [
                // Entries, numbered densely from 0 by the sequencer (never by a sequence, which
                // can leave gaps and commit out of order). `subject_hash` is the keyed hash of
                // the person an exchange call was about, for the citizen's view.
                """
                CREATE TABLE log_entries (
                    idx BIGINT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    at TEXT NOT NULL,
                    subject_hash TEXT,
                    entry TEXT NOT NULL
                )
                """,
                "CREATE INDEX log_entries_subject_hash ON log_entries (subject_hash) WHERE subject_hash IS NOT NULL",
                "CREATE TABLE log_tiles (level INTEGER NOT NULL, idx BIGINT NOT NULL, hashes \(bytes) NOT NULL, PRIMARY KEY (level, idx))",
                "CREATE TABLE log_head (id INTEGER PRIMARY KEY CHECK (id = 1), size BIGINT NOT NULL, frontier \(bytes) NOT NULL)",
                "INSERT INTO log_head (id, size, frontier) VALUES (1, 0, \(engine == .sqlite ? "x''" : "''::bytea"))",
                "CREATE TABLE log_checkpoints (size BIGINT PRIMARY KEY, note TEXT NOT NULL, signed_at TEXT NOT NULL)",
                // Exchange calls counted per month, provider, consumer agency, purpose and
                // outcome, kept with the appends so the public report never scans the log.
                """
                CREATE TABLE log_counts (
                    month TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    consumer TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    calls BIGINT NOT NULL,
                    PRIMARY KEY (month, provider, consumer, purpose, outcome)
                )
                """,
                // Space-separated ``SystemRole`` names.
                "ALTER TABLE systems ADD COLUMN roles TEXT NOT NULL DEFAULT ''",
                // The audit events recorded before the log existed become its first entries
                // (the node integrates them into the tree at start), and the relay's mark moves
                // from "sequence delivered through" to "next index to deliver".
                """
                INSERT INTO log_entries (idx, kind, subject, at, entry)
                SELECT ROW_NUMBER() OVER (ORDER BY seq) - 1, kind, subject, at, document FROM audit_events
                """,
                """
                UPDATE revisions SET value = (SELECT COUNT(*) FROM audit_events WHERE seq <= revisions.value)
                WHERE name = 'audit-delivered'
                """,
                engine == .sqlite ? """
                    INSERT INTO log_counts (month, provider, consumer, purpose, outcome, calls)
                    SELECT substr(at, 1, 7), json_extract(entry, '$.details.provider'),
                           COALESCE(substr(json_extract(entry, '$.details.consumer'), 1,
                                           instr(json_extract(entry, '$.details.consumer'), '/') - 1), ''),
                           COALESCE(json_extract(entry, '$.details.purpose'), ''),
                           substr(kind, 10), COUNT(*)
                    FROM log_entries WHERE kind IN ('exchange.call', 'exchange.refused')
                    GROUP BY 1, 2, 3, 4, 5
                    """ : """
                    INSERT INTO log_counts (month, provider, consumer, purpose, outcome, calls)
                    SELECT substr(at, 1, 7), entry::jsonb -> 'details' ->> 'provider',
                           COALESCE(split_part(entry::jsonb -> 'details' ->> 'consumer', '/', 1), ''),
                           COALESCE(entry::jsonb -> 'details' ->> 'purpose', ''), substr(kind, 10), COUNT(*)
                    FROM log_entries WHERE kind IN ('exchange.call', 'exchange.refused')
                    GROUP BY 1, 2, 3, 4, 5
                    """,
                "DROP TABLE audit_events",
            ]
        },
        // Each node's count of calls per agreement and UTC day, which the other nodes read to
        // hold one quota between them.
        Migration(version: 8, name: "quota spend shared by nodes") { _ in
            [
                """
                CREATE TABLE quota_spend (
                    agreement TEXT NOT NULL,
                    node TEXT NOT NULL,
                    day TEXT NOT NULL,
                    calls BIGINT NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (day, agreement, node)
                )
                """,
            ]
        },
        // PostgreSQL announces every bumped revision on `causeway_revisions` when the bumping
        // transaction commits, so that the other nodes refresh at once instead of at their next
        // poll (see Database.listen). The relay's delivery mark moves often and nobody waits
        // for it. SQLite has no notifications: nothing to do.
        Migration(version: 9, name: "revision notifications") { engine in
            engine == .sqlite ? [] : [
                """
                CREATE FUNCTION causeway_notify_revision() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('causeway_revisions', NEW.name);
                    RETURN NEW;
                END
                $$
                """,
                """
                CREATE TRIGGER revisions_notify AFTER UPDATE ON revisions FOR EACH ROW
                WHEN (NEW.name <> 'audit-delivered') EXECUTE FUNCTION causeway_notify_revision()
                """,
            ]
        },
        // Every keyed hash an exchange entry carries (the subject's, and those of the caller's
        // path segments, which the log holds only as hashes), so that the citizen's view finds
        // a call about a person whichever way the identifier came. Filled from the entries'
        // subject hashes so far; `subject_hash` stays for nodes of the previous release.
        Migration(version: 10, name: "subject hashes of log entries") { _ in
            [
                """
                CREATE TABLE log_subject_hashes (
                    hash TEXT NOT NULL,
                    idx BIGINT NOT NULL,
                    PRIMARY KEY (hash, idx)
                )
                """,
                "INSERT INTO log_subject_hashes (hash, idx) SELECT subject_hash, idx FROM log_entries WHERE subject_hash IS NOT NULL",
            ]
        },
        // A user's sessions carry the generation they were issued in; signing out, or a change
        // of password or roles, moves it on, and every older session ends.
        Migration(version: 11, name: "session generations") { _ in
            ["ALTER TABLE users ADD COLUMN session_generation BIGINT NOT NULL DEFAULT 0"]
        },
        // Failed sign-ins and token requests, by a hash of the username, client id or address,
        // so that every node throttles a guesser alike.
        Migration(version: 12, name: "sign-in failures") { _ in
            [
                "CREATE TABLE auth_failures (scope TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL)",
                "CREATE INDEX auth_failures_key ON auth_failures (scope, key, at)",
            ]
        },
        // Requests to open a dataset's data to more readers, and their decisions (see
        // AccessChange in CausewayCore): applied only with a steward and a DPO behind them.
        Migration(version: 13, name: "dataset access changes") { _ in
            [
                """
                CREATE TABLE access_changes (
                    id TEXT PRIMARY KEY,
                    dataset TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    document TEXT NOT NULL
                )
                """,
                "CREATE INDEX access_changes_dataset ON access_changes (dataset, created_at)",
            ]
        },
        // When a dataset was deleted, so that its hosted tables are purged after the retention
        // period; datasets deleted before count from their last change.
        Migration(version: 14, name: "dataset deletion times") { _ in
            [
                "ALTER TABLE datasets ADD COLUMN deleted_at TEXT",
                "UPDATE datasets SET deleted_at = modified WHERE state = 'deleted'",
            ]
        },
        // Exchange calls counted per ISO week too (named by its Monday) and refusal code, for
        // the portal's weekly charts and an agency's traffic page; filled from the entries so far.
        // The console lists a dataset's recent upload jobs.
        Migration(version: 15, name: "weekly transparency counts") { engine in
            [
                "CREATE INDEX jobs_dataset ON jobs (dataset, created_at)",
                """
                CREATE TABLE log_week_counts (
                    week TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    consumer TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    code TEXT NOT NULL,
                    calls BIGINT NOT NULL,
                    PRIMARY KEY (week, provider, consumer, purpose, outcome, code)
                )
                """,
                engine == .sqlite ? """
                    INSERT INTO log_week_counts (week, provider, consumer, purpose, outcome, code, calls)
                    SELECT date(substr(at, 1, 10), '-6 days', 'weekday 1'), json_extract(entry, '$.details.provider'),
                           COALESCE(substr(json_extract(entry, '$.details.consumer'), 1,
                                           instr(json_extract(entry, '$.details.consumer'), '/') - 1), ''),
                           COALESCE(json_extract(entry, '$.details.purpose'), ''),
                           substr(kind, 10), COALESCE(json_extract(entry, '$.details.code'), ''), COUNT(*)
                    FROM log_entries WHERE kind IN ('exchange.call', 'exchange.refused')
                    GROUP BY 1, 2, 3, 4, 5, 6
                    """ : """
                    INSERT INTO log_week_counts (week, provider, consumer, purpose, outcome, code, calls)
                    SELECT to_char(date_trunc('week', substr(at, 1, 10)::date), 'YYYY-MM-DD'), entry::jsonb -> 'details' ->> 'provider',
                           COALESCE(split_part(entry::jsonb -> 'details' ->> 'consumer', '/', 1), ''),
                           COALESCE(entry::jsonb -> 'details' ->> 'purpose', ''), substr(kind, 10),
                           COALESCE(entry::jsonb -> 'details' ->> 'code', ''), COUNT(*)
                    FROM log_entries WHERE kind IN ('exchange.call', 'exchange.refused')
                    GROUP BY 1, 2, 3, 4, 5, 6
                    """,
            ]
        },
        // Registries: the registry definitions (with the last sequence number handed out, whose
        // row lock orders each registry's writers), every version of every record on both time
        // axes, the record as it is now (one index probe for the hot read), the change feed,
        // and error reports. Timestamps are ISO 8601 text, which sorts in time order.
        Migration(version: 16, name: "registries") { engine in
            [
                """
                CREATE TABLE registries (
                    code TEXT PRIMARY KEY,
                    owner TEXT NOT NULL REFERENCES agencies(code),
                    dataset TEXT NOT NULL,
                    document TEXT NOT NULL,
                    last_sequence BIGINT NOT NULL,
                    first_sequence BIGINT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE registry_versions (
                    id \(engine == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"),
                    registry TEXT NOT NULL REFERENCES registries(code),
                    record TEXT NOT NULL,
                    valid_from TEXT NOT NULL,
                    valid_to TEXT,
                    recorded_from TEXT NOT NULL,
                    recorded_to TEXT,
                    document TEXT,
                    reason TEXT NOT NULL,
                    author TEXT NOT NULL
                )
                """,
                "CREATE INDEX registry_versions_record ON registry_versions (registry, record, recorded_from)",
                """
                CREATE TABLE registry_records (
                    registry TEXT NOT NULL REFERENCES registries(code),
                    record TEXT NOT NULL,
                    document TEXT,
                    valid_from TEXT NOT NULL,
                    open_reports INTEGER NOT NULL,
                    sequence BIGINT NOT NULL,
                    PRIMARY KEY (registry, record)
                )
                """,
                """
                CREATE TABLE registry_events (
                    registry TEXT NOT NULL REFERENCES registries(code),
                    sequence BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    record TEXT NOT NULL,
                    at TEXT NOT NULL,
                    document TEXT,
                    details TEXT NOT NULL,
                    PRIMARY KEY (registry, sequence)
                )
                """,
                """
                CREATE TABLE registry_reports (
                    id TEXT PRIMARY KEY,
                    registry TEXT NOT NULL REFERENCES registries(code),
                    record TEXT NOT NULL,
                    state TEXT NOT NULL,
                    reporter TEXT NOT NULL,
                    reporter_agency TEXT NOT NULL,
                    proposed TEXT NOT NULL,
                    note TEXT NOT NULL,
                    opened_at TEXT NOT NULL,
                    resolved_at TEXT,
                    resolved_by TEXT,
                    resolution TEXT
                )
                """,
                "CREATE INDEX registry_reports_record ON registry_reports (registry, record, opened_at)",
                "CREATE INDEX registry_reports_state ON registry_reports (registry, state, opened_at)",
                "INSERT INTO revisions (name, value) VALUES ('registries', 0)",
            ]
        },
        // Webhook subscriptions to registry feeds: where each stands in its feed (the last
        // acknowledged event), its retry state, and a lease that lets one node at a time
        // deliver it, so that deliveries stay in order when several nodes run.
        Migration(version: 17, name: "registry subscriptions") { _ in
            [
                """
                CREATE TABLE registry_subscriptions (
                    id TEXT PRIMARY KEY,
                    registry TEXT NOT NULL REFERENCES registries(code),
                    agency TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    url TEXT NOT NULL,
                    state TEXT NOT NULL,
                    position BIGINT NOT NULL,
                    failures INTEGER NOT NULL,
                    failing_since TEXT,
                    next_attempt TEXT NOT NULL,
                    last_error TEXT,
                    pause_reason TEXT,
                    created_at TEXT NOT NULL,
                    lease_holder TEXT,
                    lease_until TEXT
                )
                """,
                "CREATE INDEX registry_subscriptions_registry ON registry_subscriptions (registry, created_at)",
                "CREATE INDEX registry_subscriptions_agency ON registry_subscriptions (agency, created_at)",
            ]
        },
        // Contact tracing (BlueTrace): the keys TempIDs are sealed under, the registered phones
        // (numbers sealed under the master key), the codes that let a confirmed case upload,
        // and the uploads with the contact lists made from them. Everything but the cases'
        // references is deleted after the retention period (TracingRetention).
        Migration(version: 18, name: "contact tracing") { _ in
            [
                """
                CREATE TABLE tracing_keys (
                    id BIGINT PRIMARY KEY,
                    sealed TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    issue_until TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE tracing_devices (
                    uid TEXT PRIMARY KEY,
                    phone_sealed TEXT NOT NULL,
                    phone_hash TEXT NOT NULL,
                    credential_hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX tracing_devices_phone ON tracing_devices (phone_hash)",
                """
                CREATE TABLE tracing_verifications (
                    phone_hash TEXT PRIMARY KEY,
                    code_hash TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE tracing_cases (
                    id TEXT PRIMARY KEY,
                    agency TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    opened_by TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX tracing_cases_reference ON tracing_cases (agency, reference)",
                """
                CREATE TABLE tracing_upload_codes (
                    code_hash TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES tracing_cases(id),
                    issued_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    used_at TEXT
                )
                """,
                """
                CREATE TABLE tracing_uploads (
                    id TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES tracing_cases(id),
                    uid TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    token_expires_at TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    received_at TEXT,
                    outcome TEXT,
                    contacts TEXT
                )
                """,
                "CREATE INDEX tracing_uploads_case ON tracing_uploads (case_id, created_at)",
                "CREATE INDEX tracing_uploads_uid ON tracing_uploads (uid)",
            ]
        },
        // Private statistics: one row per budget (agreement and consumer system), locked while
        // a spend is admitted, and one row per answered query, in millionths of ρ.
        Migration(version: 19, name: "privacy budgets") { _ in
            [
                """
                CREATE TABLE privacy_budgets (
                    agreement TEXT NOT NULL,
                    system TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (agreement, system)
                )
                """,
                """
                CREATE TABLE privacy_spends (
                    id TEXT PRIMARY KEY,
                    agreement TEXT NOT NULL,
                    system TEXT NOT NULL,
                    dataset TEXT NOT NULL,
                    statistic TEXT NOT NULL,
                    rho_micros BIGINT NOT NULL,
                    epsilon DOUBLE PRECISION,
                    delta DOUBLE PRECISION NOT NULL,
                    analyst TEXT NOT NULL,
                    at TEXT NOT NULL,
                    log_index BIGINT
                )
                """,
                "CREATE INDEX privacy_spends_budget ON privacy_spends (agreement, system, at)",
            ]
        },
        // Record linkage: projects (the document, with state and lease as columns for the
        // sweep), who takes part, the parties' encodings in chunks (deleted on close) and each
        // party's result. A name is unique among the projects that are not closed.
        Migration(version: 20, name: "record linkage") { _ in
            [
                """
                CREATE TABLE linkage_projects (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    state TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    lease_holder TEXT,
                    lease_until TEXT
                )
                """,
                "CREATE UNIQUE INDEX linkage_projects_open_name ON linkage_projects (name) WHERE state <> 'closed'",
                "CREATE INDEX linkage_projects_state ON linkage_projects (state)",
                """
                CREATE TABLE linkage_parties (
                    project TEXT NOT NULL REFERENCES linkage_projects(id),
                    party TEXT NOT NULL,
                    PRIMARY KEY (project, party)
                )
                """,
                "CREATE INDEX linkage_parties_party ON linkage_parties (party)",
                """
                CREATE TABLE linkage_encodings (
                    project TEXT NOT NULL REFERENCES linkage_projects(id),
                    party TEXT NOT NULL,
                    chunk INTEGER NOT NULL,
                    data TEXT NOT NULL,
                    PRIMARY KEY (project, party, chunk)
                )
                """,
                """
                CREATE TABLE linkage_results (
                    project TEXT NOT NULL REFERENCES linkage_projects(id),
                    party TEXT NOT NULL,
                    body TEXT NOT NULL,
                    row_count INTEGER NOT NULL,
                    PRIMARY KEY (project, party)
                )
                """,
            ]
        },
    ]

    /// The newest schema version this binary knows.
    public static var latestVersion: Int { all.last?.version ?? 0 }

    /// Applies every migration the database lacks, each in its own transaction. Safe to run from
    /// several nodes at once: on PostgreSQL an advisory lock makes them take turns, on SQLite the
    /// write lock does.
    public static func apply(to database: Database) async throws {
        // Under the same lock as the migrations: PostgreSQL's CREATE TABLE IF NOT EXISTS is not
        // safe against itself (two nodes starting together can both pass the check, and the
        // second fails on the catalogue's unique index).
        try await database.transaction { connection in
            if database.engine == .postgres {
                try await connection.raw("SELECT pg_advisory_xact_lock(7215006)").run()
            }
            try await connection.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """).run()
        }
        for migration in all {
            try await database.transaction { connection in
                if database.engine == .postgres {
                    try await connection.raw("SELECT pg_advisory_xact_lock(7215006)").run()
                }
                let applied = try await connection.raw(
                    "SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)"
                ).first()
                guard applied == nil else { return }
                for statement in migration.statements(database.engine) {
                    try await connection.raw(SQLQueryString(statement)).run()
                }
                try await connection.raw("""
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.string(Date())))
                    """).run()
                database.logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
        let found = try await currentVersion(of: database)
        if found > latestVersion { throw StoreError.schemaTooNew(found: found, known: latestVersion) }
        try await LogAppender.integrateBacklog(on: database)
    }

    /// The highest applied version (0 for an empty database).
    public static func currentVersion(of database: Database) async throws -> Int {
        try await database.withConnection { connection in
            let row = try await connection.raw("SELECT MAX(version) AS version FROM schema_migrations").first()
            return try row?.decodeNil(column: "version") == false ? try row?.decode(column: "version", as: Int.self) ?? 0 : 0
        }
    }
}
