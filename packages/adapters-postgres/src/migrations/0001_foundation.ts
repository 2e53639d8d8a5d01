/**
 * Migration 0001: the tables every other part of Karya stands on (DB-1..DB-3,
 * ID-3, PI-P-2, TEN-1): the tenants and their configuration, the counters
 * behind human-readable numbers, and the leases that keep one JIT call per
 * subject in flight.
 *
 * Every table has `tenant_id`, and every primary key and unique constraint
 * includes it (DB-2); instants are `timestamptz` (DB-3).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

/**
 * Creates the foundation tables. Forward-only; the migration runner applies
 * it once (DB-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    // TEN-1: a ULB tenant (`od.dhenkanal`) lives under its state tenant (`od`);
    // `config` holds the Schema-encoded tenant configuration.
    yield* sql`
      CREATE TABLE tenants (
        tenant_id text NOT NULL CHECK (tenant_id <> ''),
        parent_tenant_id text,
        name text NOT NULL,
        config jsonb NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT tenants_pkey PRIMARY KEY (tenant_id),
        CONSTRAINT tenants_parent_fkey FOREIGN KEY (parent_tenant_id) REFERENCES tenants (tenant_id)
      )`
    // ID-3: one row per (tenant, series, scope) key, holding the last value
    // issued. Allocation is one upsert that row-locks the key, so concurrent
    // requests are serialised and the value rolls back with the caller's
    // transaction (no duplicates, no gaps).
    yield* sql`
      CREATE TABLE id_sequences (
        tenant_id text NOT NULL,
        series text NOT NULL CHECK (series <> ''),
        scope text NOT NULL CHECK (scope <> ''),
        last_value bigint NOT NULL CHECK (last_value >= 1),
        CONSTRAINT id_sequences_pkey PRIMARY KEY (tenant_id, series, scope)
      )`
    // PI-P-2: one lease per (tenant, subject); a subject is a PI number or
    // `VA/{head of account}`.
    yield* sql`
      CREATE TABLE job_leases (
        tenant_id text NOT NULL,
        subject text NOT NULL CHECK (subject <> ''),
        holder text NOT NULL CHECK (holder <> ''),
        expires_at timestamptz NOT NULL,
        CONSTRAINT job_leases_pkey PRIMARY KEY (tenant_id, subject)
      )`
  },
)
