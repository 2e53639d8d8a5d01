/**
 * Migration 0010: the fund register moves onto the one aggregate store
 * mechanism (`PgAggregateStore`, ARCH-3, DB-2..DB-4, PI-F-1, PI-F-2, NFR-5).
 *
 * - `sanctions` in the store's shape, keyed by the sanction id, with the
 *   financial year, head of account and total sanctioned as columns;
 * - `register_transactions`, keyed by the transaction's key (recorded once,
 *   PI-F-1), with its kind (CHECK, DB-3), amount (`numeric`), business date
 *   (`date`), sanction, financial year and head of account as columns; the
 *   database refuses to delete one (the register never updates one either);
 * - `sanction_balances`, the running totals of each sanction per financial
 *   year and head of account (`numeric` columns), what a push's funds check
 *   reads (PI-V-2);
 * - `virtual_allotment_cursors`, keyed by the head of account.
 *
 * Migration 0002's rows are carried over: sanctions in the order first seen,
 * transactions in the order recorded (their documents gain the store's
 * `version`, 1), the VA cursors (as UTC milliseconds, as the port reads
 * them); the balances are computed from the carried transactions as
 * `FundRegister.addToBalance` would (the sums per kind; the latest allotment
 * the highest serial number, of equal ones the one recorded last), each
 * stored in the order of its first transaction. Then `fund_transactions`,
 * `va_cursors` and the old `sanctions` are dropped. The register has no
 * unique rule besides the keys, so nothing is claimed in `aggregate_claims`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

// The store's columns every table starts with (PgAggregateStore's header).
const storeColumns = `
  tenant_id text NOT NULL,
  id text NOT NULL,
  state_tenant_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  sequence bigint GENERATED ALWAYS AS IDENTITY,
  document jsonb NOT NULL`

// The old sanctions table steps aside, its key's name freed for the new one.
const setAside = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`ALTER TABLE sanctions RENAME TO sanctions_0002`
    yield* sql`ALTER TABLE sanctions_0002 RENAME CONSTRAINT sanctions_pkey TO sanctions_0002_pkey`
    yield* sql`ALTER INDEX sanctions_head_of_account_idx RENAME TO sanctions_0002_head_of_account_idx`
  })

const create = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql.unsafe(`
      CREATE TABLE sanctions (${storeColumns},
        financial_year text NOT NULL,
        head_of_account text NOT NULL,
        sanctioned_total numeric CHECK (sanctioned_total >= 0),
        CONSTRAINT sanctions_pkey PRIMARY KEY (tenant_id, id)
      )`)
    yield* sql.unsafe(`
      CREATE TABLE register_transactions (${storeColumns},
        kind text NOT NULL
          CHECK (kind IN ('initialAllotment', 'additionalAllotment', 'withdrawal', 'expense', 'expenseReversal')),
        amount numeric NOT NULL CHECK (amount >= 0),
        date date NOT NULL,
        sanction_id text NOT NULL,
        financial_year text NOT NULL,
        head_of_account text NOT NULL,
        CONSTRAINT register_transactions_pkey PRIMARY KEY (tenant_id, id)
      )`)
    yield* sql.unsafe(`
      CREATE TABLE sanction_balances (${storeColumns},
        sanction_id text NOT NULL,
        financial_year text NOT NULL,
        head_of_account text NOT NULL,
        allotments numeric NOT NULL CHECK (allotments >= 0),
        withdrawals numeric NOT NULL CHECK (withdrawals >= 0),
        expenses numeric NOT NULL CHECK (expenses >= 0),
        reversals numeric NOT NULL CHECK (reversals >= 0),
        funds_available numeric NOT NULL,
        CONSTRAINT sanction_balances_pkey PRIMARY KEY (tenant_id, id)
      )`)
    yield* sql.unsafe(`
      CREATE TABLE virtual_allotment_cursors (${storeColumns},
        last_run_at timestamptz NOT NULL,
        CONSTRAINT virtual_allotment_cursors_pkey PRIMARY KEY (tenant_id, id)
      )`)
  })

const carrySanctionsAndCursors = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      INSERT INTO sanctions (tenant_id, id, state_tenant_id, version, document, financial_year, head_of_account,
        sanctioned_total)
      SELECT tenant_id, sanction_id, split_part(tenant_id, '.', 1), version, document, financial_year,
        head_of_account, sanctioned_total
      FROM sanctions_0002 ORDER BY first_seen_order`
    yield* sql`
      INSERT INTO virtual_allotment_cursors (tenant_id, id, state_tenant_id, version, document, last_run_at)
      SELECT tenant_id, head_of_account, split_part(tenant_id, '.', 1), 1,
        jsonb_build_object('tenantId', tenant_id, 'headOfAccount', head_of_account,
          'lastRunAt', to_char(date_trunc('milliseconds', last_run_at) AT TIME ZONE 'UTC',
            'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'version', 1),
        date_trunc('milliseconds', last_run_at)
      FROM va_cursors ORDER BY tenant_id, head_of_account`
  })

const carryTransactions = (sql: SqlClient.SqlClient) =>
  sql`
    INSERT INTO register_transactions (tenant_id, id, state_tenant_id, version, document, kind, amount, date,
      sanction_id, financial_year, head_of_account)
    SELECT tenant_id, key, split_part(tenant_id, '.', 1), 1, document || jsonb_build_object('version', 1), kind,
      amount, transaction_date, sanction_id, financial_year, head_of_account
    FROM fund_transactions ORDER BY recorded_order`

// A sum of a kind's amounts, without trailing zeros (as Amount writes it).
const sumOf = (kinds: string) => `trim_scale(COALESCE(SUM(amount) FILTER (WHERE kind IN (${kinds})), 0))`

// The balances, computed from the carried transactions in one statement:
// the sums per kind, the latest allotment (highest serial, then last
// recorded) and the order of each balance's first transaction.
const carryBalances = (sql: SqlClient.SqlClient) =>
  sql.unsafe(`
    WITH sums AS (
      SELECT tenant_id, sanction_id, financial_year, head_of_account, MIN(recorded_order) AS first_order,
        ${sumOf("'initialAllotment', 'additionalAllotment'")} AS allotments,
        ${sumOf("'withdrawal'")} AS withdrawals,
        ${sumOf("'expense'")} AS expenses,
        ${sumOf("'expenseReversal'")} AS reversals
      FROM fund_transactions
      GROUP BY tenant_id, sanction_id, financial_year, head_of_account
    ), latest AS (
      SELECT DISTINCT ON (tenant_id, sanction_id, financial_year, head_of_account)
        tenant_id, sanction_id, financial_year, head_of_account,
        jsonb_build_object('ssuAllotmentId', document->'source'->>'ssuAllotmentId',
          'allotmentSerialNumber', document->'source'->>'allotmentSerialNumber') AS allotment
      FROM fund_transactions
      WHERE document->'source'->>'_tag' = 'Allotment'
      ORDER BY tenant_id, sanction_id, financial_year, head_of_account,
        CASE WHEN document->'source'->>'allotmentSerialNumber' ~ '^[0-9]+(\\.[0-9]+)?$'
          THEN (document->'source'->>'allotmentSerialNumber')::numeric END DESC NULLS LAST,
        recorded_order DESC
    )
    INSERT INTO sanction_balances (tenant_id, id, state_tenant_id, version, document, sanction_id, financial_year,
      head_of_account, allotments, withdrawals, expenses, reversals, funds_available)
    SELECT sums.tenant_id,
      '[' || to_json(sums.sanction_id)::text || ',' || to_json(sums.financial_year)::text || ','
        || to_json(sums.head_of_account)::text || ']',
      split_part(sums.tenant_id, '.', 1), 1,
      jsonb_build_object('tenantId', sums.tenant_id, 'sanctionId', sums.sanction_id,
        'financialYear', sums.financial_year, 'headOfAccount', sums.head_of_account,
        'allotments', sums.allotments::text, 'withdrawals', sums.withdrawals::text,
        'expenses', sums.expenses::text, 'reversals', sums.reversals::text, 'version', 1)
        || CASE WHEN latest.allotment IS NULL THEN '{}'::jsonb
          ELSE jsonb_build_object('latestAllotment', latest.allotment) END,
      sums.sanction_id, sums.financial_year, sums.head_of_account,
      sums.allotments, sums.withdrawals, sums.expenses, sums.reversals,
      trim_scale(sums.allotments - (sums.expenses - sums.reversals + sums.withdrawals))
    FROM sums LEFT JOIN latest USING (tenant_id, sanction_id, financial_year, head_of_account)
    ORDER BY sums.first_order`)

const dropOld = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`DROP TABLE fund_transactions`
    yield* sql`DROP FUNCTION fund_transactions_refuse_change()`
    yield* sql`DROP TABLE va_cursors`
    yield* sql`DROP TABLE sanctions_0002`
  })

// The indexes of the descriptors' queries, made once the old ones are gone.
const index = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    for (const table of [
      "sanctions",
      "register_transactions",
      "sanction_balances",
      "virtual_allotment_cursors",
    ]) {
      yield* sql.unsafe(`CREATE INDEX ${table}_sequence_idx ON ${table} (tenant_id, sequence)`)
      yield* sql.unsafe(`CREATE INDEX ${table}_state_idx ON ${table} (state_tenant_id, sequence)`)
    }
    yield* sql`CREATE INDEX sanctions_listing_idx ON sanctions (tenant_id, financial_year, head_of_account, sequence)`
    yield* sql`
      CREATE INDEX register_transactions_listing_idx
        ON register_transactions (tenant_id, financial_year, head_of_account, sequence)`
    yield* sql`
      CREATE INDEX register_transactions_head_of_account_idx ON register_transactions (tenant_id, head_of_account, sequence)`
    yield* sql`
      CREATE INDEX register_transactions_sanction_idx ON register_transactions (tenant_id, sanction_id, sequence)`
    yield* sql`CREATE INDEX register_transactions_date_order_idx ON register_transactions (tenant_id, date, sequence)`
    yield* sql`
      CREATE INDEX sanction_balances_listing_idx
        ON sanction_balances (tenant_id, financial_year, head_of_account, sequence)`
    yield* sql`CREATE INDEX sanction_balances_sanction_idx ON sanction_balances (tenant_id, sanction_id, sequence)`
  })

// PI-F-1: a recorded transaction stays; the database refuses to delete one,
// whoever asks (the register never updates one; the store's shape admits a
// versioned update, so only deletion is refused here).
const keepTransactions = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql.unsafe(`
      CREATE FUNCTION register_transactions_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'register_transactions are never deleted' USING ERRCODE = 'restrict_violation';
      END
      $$`)
    yield* sql.unsafe(`
      CREATE TRIGGER register_transactions_kept BEFORE DELETE ON register_transactions
        FOR EACH ROW EXECUTE FUNCTION register_transactions_refuse_delete()`)
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
    yield* carrySanctionsAndCursors(sql)
    yield* carryTransactions(sql)
    yield* carryBalances(sql)
    yield* dropOld(sql)
    yield* index(sql)
    yield* keepTransactions(sql)
  },
)
