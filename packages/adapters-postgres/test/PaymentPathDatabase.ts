/**
 * A minimal, temporary test database for the payment-path repositories
 * while the package's shared harness (`test/Databases.ts`) is being built:
 * a fresh embedded PGlite (served on a loopback port 0 socket) and, when
 * `DATABASE_URL` is set, a fresh server database created for the test file
 * and dropped after it. Both get migration 0002 and are shared by the tests
 * of one file (each suite test works in tenants of its own).
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { afterAll } from "@effect/vitest"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { migration } from "../src/migrations/0002_payments.js"

const embeddedClient = Layer.unwrap(
  Effect.gen(function* () {
    const db = yield* Effect.acquireRelease(
      Effect.promise(() => PGlite.create()),
      (db) => Effect.promise(() => db.close()),
    )
    const server = yield* Effect.acquireRelease(
      Effect.promise(async () => {
        const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 1 })
        await server.start()
        return server
      }),
      (server) => Effect.promise(() => server.stop()),
    )
    const port = Number(server.getServerConn().split(":").at(-1))
    return PgClient.layer({
      host: "127.0.0.1",
      port,
      username: "postgres",
      database: "postgres",
      maxConnections: 1,
    })
  }),
)

const serverClient = (url: string) =>
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
      return PgClient.layer({ url: Redacted.make(target.toString()), maxConnections: 8 })
    }),
  )

const migrated = <E>(client: Layer.Layer<SqlClient.SqlClient | PgClient.PgClient, E>) =>
  Layer.effectDiscard(migration).pipe(Layer.provideMerge(client), Layer.orDie)

/**
 * The databases a test file runs against: PGlite always, server Postgres
 * when `DATABASE_URL` is set. Call once per file, at collection time.
 *
 * @since 0.1.0
 * @category testing
 */
export const paymentPathDatabases = (): ReadonlyArray<{
  readonly name: string
  readonly layer: Layer.Layer<SqlClient.SqlClient>
}> => {
  const url = process.env.DATABASE_URL
  const built = [
    { name: "PGlite", client: migrated(embeddedClient) },
    ...(url === undefined || url === ""
      ? []
      : [{ name: "server Postgres", client: migrated(serverClient(url)) }]),
  ]
  return built.map(({ name, client }) => {
    const runtime = ManagedRuntime.make(client)
    afterAll(() => runtime.dispose())
    return { name, layer: Layer.effectContext(runtime.contextEffect).pipe(Layer.orDie) }
  })
}
