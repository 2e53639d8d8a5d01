/**
 * Migration 0013: `payment_instruction_checks`, the status checks that
 * found nothing new (PI-P-1, issue 11), in the store's shape
 * (`PgAggregateStore`, `Payments.PaymentInstructionChecks`): one row per
 * (tenant, PI number, service), keyed `number/service`, with the latest
 * instant a check of that service found the PI as it was. The PI itself is
 * not written by such a check (no version, no history entry), so this is
 * where the planner learns the check was made. The index serves the run's
 * one read: a tenant's checks since the start of its day, in instant order.
 * The table is new; nothing is carried over, and nothing is claimed in
 * `aggregate_claims`.
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

/**
 * The migration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`
      CREATE TABLE payment_instruction_checks (${storeColumns},
        payment_instruction_number text NOT NULL CHECK (payment_instruction_number <> ''),
        service text NOT NULL CHECK (service IN ('PI', 'PIS', 'PAG', 'PD', 'FD', 'COR', 'FTPS', 'FTFPS')),
        checked_at timestamptz NOT NULL,
        CONSTRAINT payment_instruction_checks_pkey PRIMARY KEY (tenant_id, id)
      )`)
    yield* sql`
      CREATE INDEX payment_instruction_checks_checked_at_order_idx
        ON payment_instruction_checks (tenant_id, checked_at, sequence)`
  },
)
