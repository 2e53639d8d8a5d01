/**
 * Migration 0011: idempotency keys are claimed before their request runs
 * (API-4 under concurrency). A request first inserts its key with no
 * response, in the transaction that makes its change; a concurrent request
 * with the same key waits on that row until the first commits (then reads
 * its response) or rolls back (then claims the key itself), so the request
 * runs once. A row's response is therefore empty while its claim is open,
 * and both the status and the body are set together when it is remembered.
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
    yield* sql`ALTER TABLE idempotency_keys ALTER COLUMN status DROP NOT NULL`
    yield* sql`ALTER TABLE idempotency_keys ALTER COLUMN body DROP NOT NULL`
    yield* sql`
      ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_response_whole
        CHECK ((status IS NULL) = (body IS NULL))`
  },
)
