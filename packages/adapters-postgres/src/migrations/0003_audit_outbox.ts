/**
 * Migration 0003: the tables of the persistence ports (DB-2, DB-3, DB-6,
 * DB-7, API-4): the tamper-evident audit log, the transactional outbox and
 * the idempotency keys of creating POSTs.
 *
 * Every table has `tenant_id`, and every primary key and unique constraint
 * includes it (DB-2); instants are `timestamptz`, enums text with CHECK
 * constraints (DB-3). The audit log is append-only: a trigger refuses every
 * UPDATE and DELETE, whoever asks (DB-6). The chain itself (hashes,
 * sequences) is computed and verified by core's `AuditLog`; the CHECKs here
 * only restate the columns' domains.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

const auditLog = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    // DB-6: one chain per tenant; row `sequence` links to row `sequence - 1`
    // through `previous_hash`.
    yield* sql`
      CREATE TABLE audit_log (
        tenant_id text NOT NULL,
        sequence bigint NOT NULL CHECK (sequence >= 1),
        actor text NOT NULL CHECK (actor <> ''),
        action text NOT NULL CHECK (action <> ''),
        subject text NOT NULL,
        at timestamptz NOT NULL,
        details jsonb NOT NULL,
        previous_hash text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT audit_log_pkey PRIMARY KEY (tenant_id, sequence)
      )`
    yield* sql.unsafe(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'restrict_violation';
      END
      $$`)
    yield* sql.unsafe(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`)
  })

const outbox = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    // DB-7: one row per (tenant, event id); a claim is `claimed_by` until
    // `claim_expires_at`. `enqueued_order` breaks ties of `available_at`.
    yield* sql`
      CREATE TABLE outbox (
        tenant_id text NOT NULL,
        event_id text NOT NULL CHECK (event_id <> ''),
        topic text NOT NULL CHECK (topic <> ''),
        payload jsonb NOT NULL,
        available_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'delivered')),
        attempts integer NOT NULL CHECK (attempts >= 0),
        claimed_by text,
        claim_expires_at timestamptz,
        last_error text,
        enqueued_order bigint GENERATED ALWAYS AS IDENTITY,
        CONSTRAINT outbox_pkey PRIMARY KEY (tenant_id, event_id),
        CONSTRAINT outbox_claim_check CHECK ((claimed_by IS NULL) = (claim_expires_at IS NULL))
      )`
    yield* sql`CREATE INDEX outbox_due_idx ON outbox (available_at, enqueued_order) WHERE state = 'pending'`
  })

const idempotencyKeys = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    // API-4: the first response to a key, with the hash of its request.
    // `created_at` is for purging old keys, never for a decision.
    yield* sql`
      CREATE TABLE idempotency_keys (
        tenant_id text NOT NULL,
        key text NOT NULL CHECK (key <> ''),
        request_hash text NOT NULL CHECK (request_hash <> ''),
        status integer NOT NULL CHECK (status BETWEEN 100 AND 599),
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant_id, key)
      )`
  })

/**
 * Creates the audit log, outbox and idempotency key tables. Forward-only;
 * the migration runner applies it once (DB-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* auditLog(sql)
    yield* outbox(sql)
    yield* idempotencyKeys(sql)
  },
)
