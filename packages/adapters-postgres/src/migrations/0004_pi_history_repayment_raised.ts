/**
 * Migration 0004: a PI's history also records that a revised (or new
 * original) PI was raised for its failed payments (`RepaymentRaised`,
 * PI-S-7, PI-S-11), so `pi_history.entry_type` admits it (DB-3).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

/**
 * The migration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`ALTER TABLE pi_history DROP CONSTRAINT pi_history_entry_type_check`
    yield* sql`
      ALTER TABLE pi_history ADD CONSTRAINT pi_history_entry_type_check
        CHECK (entry_type IN ('Created', 'SanctionChosen', 'BeneficiaryCorrected', 'RepaymentRaised', 'JitCalled'))`
  },
)
