/**
 * Migration 0008: bills move onto the one aggregate store mechanism
 * (`PgAggregateStore`, ARCH-3, DB-2..DB-4, BILL-2, REL-5).
 *
 * - `bills` in the store's shape: the document plus the columns of core's
 *   bill descriptor (`Bills.BillRepository.descriptor`), among them the
 *   source documents (`kind:id`) and the payee ids as `text[]` with GIN
 *   indexes, and an insertion `sequence` that orders pages;
 * - the rows of migration 0002's `bills` are carried over (the source
 *   documents in their listing order, the payees in detail order), each
 *   source document of an active bill claimed in `aggregate_claims` under
 *   the `sourceDocument` rule (BILL-2: one active bill per document), then
 *   `bill_source_documents` and the old table dropped.
 *
 * The descriptor keeps no history, so there is no `bills_history`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

// Migration 0002's table steps aside, its constraint and index names freed for the new one.
const setAside = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`ALTER TABLE bills RENAME TO bills_0002`
    yield* sql`ALTER TABLE bills_0002 RENAME CONSTRAINT bills_pkey TO bills_0002_pkey`
    yield* sql`ALTER TABLE bills_0002 RENAME CONSTRAINT bills_number_key TO bills_0002_number_key`
    yield* sql`ALTER INDEX bills_work_order_idx RENAME TO bills_0002_work_order_idx`
    yield* sql`ALTER INDEX bills_type_idx RENAME TO bills_0002_type_idx`
  })

const create = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE bills (
        tenant_id text NOT NULL,
        id text NOT NULL,
        state_tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        number text NOT NULL,
        type text NOT NULL
          CHECK (type IN ('wage', 'purchase', 'supervision', 'contractorRunning', 'contractorFinal', 'advance')),
        workflow_state text NOT NULL,
        work_order_id text NOT NULL,
        bill_date date NOT NULL,
        gross_amount numeric NOT NULL CHECK (gross_amount >= 0),
        net_amount numeric NOT NULL CHECK (net_amount >= 0),
        source_documents text[] NOT NULL,
        payee_ids text[] NOT NULL,
        CONSTRAINT bills_pkey PRIMARY KEY (tenant_id, id)
      )`
    yield* sql`CREATE UNIQUE INDEX bills_number_key ON bills (tenant_id, number)`
    yield* sql`CREATE INDEX bills_sequence_idx ON bills (tenant_id, sequence)`
    yield* sql`CREATE INDEX bills_state_idx ON bills (state_tenant_id, sequence)`
    yield* sql`CREATE INDEX bills_number_order_idx ON bills (tenant_id, number COLLATE "C", sequence)`
    yield* sql`CREATE INDEX bills_bill_date_order_idx ON bills (tenant_id, bill_date, sequence)`
    yield* sql`CREATE INDEX bills_gross_amount_order_idx ON bills (tenant_id, gross_amount, sequence)`
    yield* sql`CREATE INDEX bills_net_amount_order_idx ON bills (tenant_id, net_amount, sequence)`
    yield* sql`CREATE INDEX bills_work_order_idx ON bills (tenant_id, work_order_id, bill_date, sequence)`
    yield* sql`CREATE INDEX bills_type_idx ON bills (tenant_id, type, workflow_state)`
    yield* sql`CREATE INDEX bills_source_documents_idx ON bills USING gin (source_documents)`
    yield* sql`CREATE INDEX bills_payee_ids_idx ON bills USING gin (payee_ids)`
  })

const carryOver = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    // The 0002 rows kept no state tenant: a tenant's state is the part before its first dot (`od.cuttack` → `od`).
    yield* sql`
      INSERT INTO bills (tenant_id, id, state_tenant_id, version, document, number, type, workflow_state,
        work_order_id, bill_date, gross_amount, net_amount, source_documents, payee_ids)
      SELECT bill.tenant_id, bill.id::text, split_part(bill.tenant_id, '.', 1), bill.version, bill.document,
        bill.number, bill.type, bill.workflow_state, bill.work_order_id, bill.bill_date, bill.gross_amount,
        bill.net_amount,
        ARRAY(SELECT listed.value ->> 'kind' || ':' || (listed.value ->> 'id')
          FROM jsonb_array_elements(bill.document -> 'sourceDocuments') WITH ORDINALITY AS listed (value, position)
          ORDER BY listed.position),
        ARRAY(SELECT detail.value -> 'payee' ->> 'id'
          FROM jsonb_array_elements(bill.document -> 'details') WITH ORDINALITY AS detail (value, position)
          ORDER BY detail.position)
      FROM bills_0002 AS bill ORDER BY bill.tenant_id, bill.bill_date, bill.number`
    yield* sql`
      INSERT INTO aggregate_claims (tenant_id, store, rule, key, holder_tenant_id, holder_id)
      SELECT tenant_id, 'Bill', 'sourceDocument', kind || ':' || document_id, tenant_id, bill_id::text
      FROM bill_source_documents WHERE active`
    yield* sql`DROP TABLE bill_source_documents`
    yield* sql`DROP TABLE bills_0002`
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
  },
)
