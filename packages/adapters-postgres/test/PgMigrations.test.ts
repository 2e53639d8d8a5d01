/**
 * The migration runner (DB-1, TECH-5) on fresh PGlite and, with
 * `DATABASE_URL`, fresh server databases: it applies every migration once,
 * in order; applying again is a no-op; a migration appended later is
 * applied alone; a failing run leaves nothing behind; and runs started at
 * the same time (two pools on one server database, as two processes would)
 * apply each migration exactly once.
 */
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { migrations } from "../src/migrations/index.js"
import * as PgMigrations from "../src/PgMigrations.js"
import { databases, serverUrl } from "./TestDatabases.js"

// Each test starts a database of its own (PGlite takes seconds to start).
const freshDatabaseTimeoutMs = 60_000

const all = migrations.map(({ id, name }) => [id, name] as const)

const recorded = SqlClient.SqlClient.use(
  (sql) => sql<{ readonly id: number; readonly name: string }>`
    SELECT migration_id AS id, name FROM karya_migrations ORDER BY migration_id`,
)

const tableExists = (name: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ readonly found: boolean }>`SELECT to_regclass(${name}) IS NOT NULL AS found`,
      (rows) => rows[0]?.found === true,
    ),
  )

const probe = {
  id: 9_001,
  name: "probe",
  migration: SqlClient.SqlClient.use((sql) =>
    Effect.asVoid(sql`CREATE TABLE migration_probe (tenant_id text NOT NULL PRIMARY KEY)`),
  ),
}

const failing = {
  id: 9_002,
  name: "failing",
  migration: SqlClient.SqlClient.use((sql) => Effect.asVoid(sql`CREATE TABLE tenants (tenant_id text)`)),
}

for (const database of databases({ migrate: false, shared: false })) {
  describe(`PgMigrations on ${database.name}`, () => {
    it.effect(
      "DB-1: the first run applies every migration in order; applying twice is a no-op",
      () =>
        Effect.gen(function* () {
          assert.deepStrictEqual(yield* PgMigrations.run, all)
          assert.deepStrictEqual(yield* PgMigrations.run, [])
          assert.deepStrictEqual(
            (yield* recorded).map(({ id, name }) => [id, name] as const),
            all,
          )
          assert.isTrue(yield* tableExists("id_sequences"))
        }).pipe(Effect.provide(database.layer)),
      freshDatabaseTimeoutMs,
    )

    it.effect(
      "DB-1: a migration appended later is applied alone by the next run",
      () =>
        Effect.gen(function* () {
          yield* PgMigrations.run
          assert.deepStrictEqual(yield* PgMigrations.runAll([...migrations, probe]), [[probe.id, probe.name]])
          assert.isTrue(yield* tableExists("migration_probe"))
          assert.deepStrictEqual(yield* PgMigrations.runAll([...migrations, probe]), [])
        }).pipe(Effect.provide(database.layer)),
      freshDatabaseTimeoutMs,
    )

    it.effect(
      "DB-1: a run with a failing migration applies and records none of its migrations",
      () =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(PgMigrations.runAll([...migrations, failing]))
          assert.strictEqual(error._tag, "MigrationError")
          assert.isFalse(yield* tableExists("tenants"))
          assert.isFalse(yield* tableExists("karya_migrations"))
          assert.deepStrictEqual(yield* PgMigrations.run, all, "a fixed run then applies them")
        }).pipe(Effect.provide(database.layer)),
      freshDatabaseTimeoutMs,
    )

    it.effect(
      "DB-1: runs started at once on one client apply each migration once",
      () =>
        Effect.gen(function* () {
          const results = yield* Effect.all([PgMigrations.run, PgMigrations.run, PgMigrations.run], {
            concurrency: "unbounded",
          })
          assert.deepStrictEqual(results.map((applied) => applied.length).sort(), [0, 0, all.length])
          assert.strictEqual((yield* recorded).length, all.length)
        }).pipe(Effect.provide(database.layer)),
      freshDatabaseTimeoutMs,
    )

    if (database.name === "postgres") {
      it.effect(
        "DB-1: runs started at once by separate pools (processes) apply each migration once",
        () =>
          Effect.gen(function* () {
            const sql = yield* SqlClient.SqlClient
            const [current] = yield* sql<{ readonly name: string }>`SELECT current_database() AS name`
            const target = new URL(serverUrl() ?? "")
            target.pathname = `/${current?.name}`
            const pool = () => PgClient.layer({ url: Redacted.make(target.toString()), maxConnections: 2 })
            const results = yield* Effect.all(
              Array.from({ length: 4 }, () => Effect.provide(PgMigrations.run, pool())),
              { concurrency: "unbounded" },
            )
            assert.deepStrictEqual(results.map((applied) => applied.length).sort(), [0, 0, 0, all.length])
            assert.deepStrictEqual(
              (yield* recorded).map(({ id, name }) => [id, name] as const),
              all,
            )
          }).pipe(Effect.provide(database.layer)),
        freshDatabaseTimeoutMs,
      )
    }
  })
}

describe("PgMigrations", () => {
  it("DB-1: migration ids are unique and ascending", () => {
    const ids = migrations.map(({ id }) => id)
    assert.deepStrictEqual(
      ids,
      [...new Set(ids)].sort((left, right) => left - right),
    )
    assert.deepStrictEqual(ids.slice(0, 2), [1, 2])
  })
})
