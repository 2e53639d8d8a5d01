/**
 * The databases the package's tests run against: a fresh embedded PGlite
 * always and, when `DATABASE_URL` is set, a fresh server database
 * (`karya_test_<uuid>`, created for the test file and dropped after it).
 * Both get every migration of `src/migrations/index.ts`, applied by
 * `PgMigrations` (unless `migrate: false`).
 *
 * By default a database is built once per test file (before its tests) and
 * shared by its tests, each of which works in tenants or keys of its own;
 * with `shared: false` every test that provides the layer gets a database
 * of its own.
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { afterAll, beforeAll } from "@effect/vitest"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import * as PgDatabase from "../src/PgDatabase.js"

/**
 * One database to run tests against.
 *
 * @since 0.1.0
 * @category models
 */
export interface TestDatabase {
  readonly name: "pglite" | "postgres"
  readonly layer: Layer.Layer<SqlClient.SqlClient | PgClient.PgClient>
}

/**
 * How the databases are built.
 *
 * @since 0.1.0
 * @category models
 */
export interface TestDatabaseOptions {
  /** Apply all migrations (default `true`). */
  readonly migrate?: boolean | undefined
  /** Pool size of the server database (default 8; PGlite always has 1). */
  readonly maxConnections?: number | undefined
  /** One database per file (default `true`) or one per test that provides it. */
  readonly shared?: boolean | undefined
}

/**
 * The server URL from `DATABASE_URL`, when set.
 *
 * @since 0.1.0
 * @category testing
 */
export const serverUrl = (): string | undefined => {
  const url = process.env.DATABASE_URL
  return url === undefined || url === "" ? undefined : url
}

const serverDatabase = (url: string, options: TestDatabaseOptions) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const name = `karya_test_${crypto.randomUUID().replaceAll("-", "")}`
      const admin = PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })
      const run = (statement: string) =>
        SqlClient.SqlClient.use((sql) => sql.unsafe(statement)).pipe(Effect.provide(admin), Effect.orDie)
      yield* Effect.acquireRelease(run(`CREATE DATABASE ${name}`), () =>
        run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      )
      const target = new URL(url)
      target.pathname = `/${name}`
      return PgDatabase.layerServer({
        url: Redacted.make(target.toString()),
        maxConnections: options.maxConnections ?? 8,
        migrate: options.migrate,
      })
    }),
  )

const startTimeoutMs = 60_000

const shared = (layer: Layer.Layer<SqlClient.SqlClient | PgClient.PgClient>) => {
  const runtime = ManagedRuntime.make(layer)
  // Started (and migrated) before the file's tests, outside their timeouts.
  beforeAll(() => runtime.runPromise(Effect.void), startTimeoutMs)
  afterAll(() => runtime.dispose())
  return Layer.effectContext(runtime.contextEffect).pipe(Layer.orDie)
}

/**
 * The databases a test file runs against: PGlite always, server Postgres
 * when `DATABASE_URL` is set. Call at collection time (the shared databases
 * are disposed after the file's tests).
 *
 * @since 0.1.0
 * @category testing
 */
export const databases = (options: TestDatabaseOptions = {}): ReadonlyArray<TestDatabase> => {
  const url = serverUrl()
  const built: ReadonlyArray<TestDatabase> = [
    { name: "pglite", layer: PgDatabase.layerPglite({ migrate: options.migrate }).pipe(Layer.orDie) },
    ...(url === undefined
      ? []
      : [{ name: "postgres" as const, layer: serverDatabase(url, options).pipe(Layer.orDie) }]),
  ]
  return options.shared === false ? built : built.map(({ name, layer }) => ({ name, layer: shared(layer) }))
}
