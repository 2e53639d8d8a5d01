/**
 * Migration 0009: payment instructions move onto the one aggregate store
 * mechanism (`PgAggregateStore`, ARCH-3, DB-2..DB-4, PI-S-11, PRIV-2).
 *
 * - `payment_instructions` in the store's shape, keyed by the PI number: the
 *   document (sealed, as before: a JSON string of the sealed text, PRIV-2)
 *   plus the columns of core's PI descriptor (status, kind, bill, origin and
 *   the failed PI it repays, the beneficiaries' payment ids as `text[]` with
 *   a GIN index, gross and net amounts, the PI date, the last JIT call) and
 *   an insertion `sequence` that orders pages;
 * - `payment_instructions_history`, append-only as `pi_history` was (the
 *   database refuses to change or delete an entry, PI-S-11);
 * - the rows of migrations 0002/0004 are carried over: each PI in the order
 *   it was recorded, its columns from the old key columns (the sealed
 *   document cannot be read here), its payment ids from `pi_beneficiaries` in
 *   position order, its last JIT call from its `JitCalled` entries, and its
 *   history entries in position order; then `pi_history`, `pi_beneficiaries`
 *   and the old table are dropped. The PI has no unique rule besides its key,
 *   so nothing is claimed in `aggregate_claims`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

// The old table steps aside, its key's name freed for the new one.
const setAside = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`ALTER TABLE payment_instructions RENAME TO payment_instructions_0002`
    yield* sql`
      ALTER TABLE payment_instructions_0002 RENAME CONSTRAINT payment_instructions_pkey
        TO payment_instructions_0002_pkey`
  })

const create = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE payment_instructions (
        tenant_id text NOT NULL,
        id text NOT NULL,
        state_tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        status text NOT NULL
          CHECK (status IN ('New', 'Pending', 'Declined', 'Initiated', 'Rejected', 'Approved', 'InProcess', 'Completed')),
        bill_id text NOT NULL,
        origin_kind text NOT NULL CHECK (origin_kind IN ('Bill', 'Repayment', 'Revision')),
        failed_number text,
        payment_ids text[] NOT NULL,
        gross_amount numeric NOT NULL CHECK (gross_amount >= 0),
        net_amount numeric NOT NULL CHECK (net_amount >= 0),
        date date NOT NULL,
        last_called_at timestamptz,
        CONSTRAINT payment_instructions_pkey PRIMARY KEY (tenant_id, id)
      )`
    yield* sql`
      CREATE TABLE payment_instructions_history (
        tenant_id text NOT NULL,
        aggregate_id text NOT NULL,
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        CONSTRAINT payment_instructions_history_pkey PRIMARY KEY (tenant_id, aggregate_id, sequence)
      )`
  })

const carryOver = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      INSERT INTO payment_instructions (tenant_id, id, state_tenant_id, version, document, status,
        bill_id, origin_kind, failed_number, payment_ids, gross_amount, net_amount, date, last_called_at)
      SELECT pi.tenant_id, pi.number, split_part(pi.tenant_id, '.', 1), pi.version, to_jsonb(pi.document_sealed),
        pi.status, pi.bill_id,
        CASE WHEN pi.raised_from IS NULL THEN 'Bill' WHEN pi.kind = 'revised' THEN 'Revision' ELSE 'Repayment' END,
        pi.raised_from,
        ARRAY(SELECT b.payment_id FROM pi_beneficiaries AS b
          WHERE b.tenant_id = pi.tenant_id AND b.payment_instruction_number = pi.number ORDER BY b.position),
        pi.gross_amount, pi.net_amount, pi.pi_date,
        (SELECT max(h.recorded_at) FROM pi_history AS h
          WHERE h.tenant_id = pi.tenant_id AND h.payment_instruction_number = pi.number
            AND h.entry_type = 'JitCalled')
      FROM payment_instructions_0002 AS pi ORDER BY pi.recorded_order`
    yield* sql`
      INSERT INTO payment_instructions_history (tenant_id, aggregate_id, document)
      SELECT tenant_id, payment_instruction_number, to_jsonb(entry_sealed) FROM pi_history
      ORDER BY tenant_id, payment_instruction_number, position`
    yield* sql`DROP TABLE pi_history`
    yield* sql`DROP FUNCTION pi_history_refuse_change()`
    yield* sql`DROP TABLE pi_beneficiaries`
    yield* sql`DROP TABLE payment_instructions_0002`
  })

// The indexes of the descriptor's queries, made once the old ones are gone.
const index = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`CREATE INDEX payment_instructions_sequence_idx ON payment_instructions (tenant_id, sequence)`
    yield* sql`CREATE INDEX payment_instructions_state_idx ON payment_instructions (state_tenant_id, sequence)`
    yield* sql`CREATE INDEX payment_instructions_status_idx ON payment_instructions (tenant_id, status, sequence)`
    yield* sql`CREATE INDEX payment_instructions_bill_idx ON payment_instructions (tenant_id, bill_id, sequence)`
    yield* sql`
      CREATE INDEX payment_instructions_failed_number_idx
        ON payment_instructions (tenant_id, failed_number, sequence) WHERE failed_number IS NOT NULL`
    yield* sql`CREATE INDEX payment_instructions_payment_ids_idx ON payment_instructions USING gin (payment_ids)`
    yield* sql`CREATE INDEX payment_instructions_date_order_idx ON payment_instructions (tenant_id, date, sequence)`
  })

// PI-S-11: the history is append-only; the database refuses to change or
// delete an entry, whoever asks.
const appendOnly = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql.unsafe(`
      CREATE FUNCTION payment_instructions_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payment_instructions_history is append-only' USING ERRCODE = 'restrict_violation';
      END
      $$`)
    yield* sql.unsafe(`
      CREATE TRIGGER payment_instructions_history_append_only BEFORE UPDATE OR DELETE
        ON payment_instructions_history
        FOR EACH ROW EXECUTE FUNCTION payment_instructions_history_refuse_change()`)
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
    yield* setAside(sql)
    yield* create(sql)
    yield* carryOver(sql)
    yield* index(sql)
    yield* appendOnly(sql)
  },
)
