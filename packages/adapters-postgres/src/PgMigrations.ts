/**
 * The forward-only migration runner (DB-1): applies the migrations of
 * `migrations/index.ts` that the database has not seen, in id order, in one
 * transaction, and records them in `karya_migrations`. Applying twice is a
 * no-op, and two processes starting at once are safe: the run first takes a
 * transaction-scoped advisory lock, so the second waits for the first to
 * commit and then finds nothing pending.
 *
 * The bookkeeping is effect/sql's `Migrator` (which also locks its table);
 * this module adds the advisory lock around the whole run, including the
 * creation of the migrations table, which `Migrator` does outside its own
 * transaction. `karya_migrations` is the one table without `tenant_id`: it
 * records the schema, not tenant data (DB-2 covers tenant data).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { Migrator, SqlClient, type SqlError } from "effect/sql"
import { type Migration, migrations } from "./migrations/index.js"

/**
 * The table recording applied migrations.
 *
 * @since 0.1.0
 * @category constants
 */
export const table = "karya_migrations"

const migrator = Migrator.make({})

/**
 * Applies the given migrations that are still pending, in id order, under
 * the advisory lock; returns the `[id, name]` of those applied (empty when
 * the database was up to date).
 *
 * @since 0.1.0
 * @category constructors
 */
export const runAll = (
  list: ReadonlyArray<Migration>,
): Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError.SqlError,
  SqlClient.SqlClient
> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const loader = Effect.succeed(
      list.map(
        ({ id, name, migration }): Migrator.ResolvedMigration => [id, name, Effect.succeed(migration)],
      ),
    )
    return yield* sql.withTransaction(
      Effect.gen(function* () {
        yield* sql`SELECT pg_advisory_xact_lock(hashtext(${table}))`
        return yield* migrator({ loader, table })
      }),
    )
  })

/**
 * Applies Karya's pending migrations (`karya migrate`, and the start of the
 * embedded server).
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError.SqlError,
  SqlClient.SqlClient
> = runAll(migrations)
