/**
 * Migration 0005: the tables of the one aggregate store mechanism
 * (`PgAggregateStore`, ARCH-3, DB-2..DB-4).
 *
 * - `aggregate_claims`: every unique key of every aggregate, claimed under
 *   its scope tenant (the tenant, or its state), so a second holder is
 *   impossible under any concurrency; the primary key starts with
 *   `tenant_id` (DB-2).
 * - `wage_seekers` in the store's shape (document plus derived columns and an
 *   insertion `sequence` that orders pages), with `wage_seekers_history`;
 *   the rows of migration 0002's `wage_seekers`, `wage_seeker_history` and
 *   `wage_seeker_identities` are carried over, then those tables dropped.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

const claims = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE aggregate_claims (
        tenant_id text NOT NULL,
        store text NOT NULL,
        rule text NOT NULL,
        key text NOT NULL,
        holder_tenant_id text NOT NULL,
        holder_id text NOT NULL,
        CONSTRAINT aggregate_claims_pkey PRIMARY KEY (tenant_id, store, rule, key)
      )`
    yield* sql`CREATE INDEX aggregate_claims_holder_idx ON aggregate_claims (holder_tenant_id, store, holder_id)`
  })

const wageSeekers = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`ALTER TABLE wage_seekers RENAME TO wage_seekers_0002`
    yield* sql`ALTER TABLE wage_seekers_0002 RENAME CONSTRAINT wage_seekers_pkey TO wage_seekers_0002_pkey`
    yield* sql`ALTER TABLE wage_seekers_0002 RENAME CONSTRAINT wage_seekers_number_key TO wage_seekers_0002_number_key`
    yield* sql`ALTER INDEX wage_seekers_bank_account_idx RENAME TO wage_seekers_0002_bank_account_idx`
    yield* sql`
      CREATE TABLE wage_seekers (
        tenant_id text NOT NULL,
        id text NOT NULL,
        state_tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        number text NOT NULL,
        identity_document_type text NOT NULL
          CHECK (identity_document_type IN ('AADHAAR', 'EPIC', 'DRIVING_LICENCE', 'TPDS_RATION_CARD')),
        identity_search_key text NOT NULL,
        bank_account_search_key text NOT NULL,
        CONSTRAINT wage_seekers_pkey PRIMARY KEY (tenant_id, id)
      )`
    yield* sql`CREATE UNIQUE INDEX wage_seekers_number_key ON wage_seekers (tenant_id, number)`
    yield* sql`CREATE INDEX wage_seekers_sequence_idx ON wage_seekers (tenant_id, sequence)`
    yield* sql`CREATE INDEX wage_seekers_state_idx ON wage_seekers (state_tenant_id, sequence)`
    yield* sql`CREATE INDEX wage_seekers_number_order_idx ON wage_seekers (tenant_id, number COLLATE "C", sequence)`
    yield* sql`CREATE INDEX wage_seekers_identity_idx ON wage_seekers (state_tenant_id, identity_document_type, identity_search_key)`
    yield* sql`CREATE INDEX wage_seekers_bank_account_idx ON wage_seekers (tenant_id, bank_account_search_key)`
    yield* sql`
      CREATE TABLE wage_seekers_history (
        tenant_id text NOT NULL,
        aggregate_id text NOT NULL,
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        CONSTRAINT wage_seekers_history_pkey PRIMARY KEY (tenant_id, aggregate_id, sequence)
      )`
    yield* sql`
      INSERT INTO wage_seekers (tenant_id, id, state_tenant_id, version, document, number,
        identity_document_type, identity_search_key, bank_account_search_key)
      SELECT tenant_id, id::text, state_tenant_id, version, document, number,
        identity_document_type, identity_search_key, bank_account_search_key
      FROM wage_seekers_0002 ORDER BY tenant_id, number`
    yield* sql`
      INSERT INTO wage_seekers_history (tenant_id, aggregate_id, document)
      SELECT tenant_id, wage_seeker_id::text, document FROM wage_seeker_history
      ORDER BY tenant_id, wage_seeker_id, version`
    yield* sql`
      INSERT INTO aggregate_claims (tenant_id, store, rule, key, holder_tenant_id, holder_id)
      SELECT tenant_id, 'WageSeeker', 'identity', document_type || ':' || search_key,
        wage_seeker_tenant_id, wage_seeker_id::text
      FROM wage_seeker_identities`
    yield* sql`DROP TABLE wage_seeker_identities`
    yield* sql`DROP TABLE wage_seeker_history`
    yield* sql`DROP TABLE wage_seekers_0002`
  })

/**
 * The migration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* claims(sql)
    yield* wageSeekers(sql)
  },
)
