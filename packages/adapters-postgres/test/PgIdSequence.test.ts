/**
 * The Postgres sequence store passes core's conformance suite on PGlite
 * and, with `DATABASE_URL`, on server Postgres (ID-1, ID-3), leaves no gap
 * when the allocating transaction rolls back (ID-3, DB-5), and stays
 * duplicate- and gap-free under concurrent transactions (REL-2): many
 * connections at once on server Postgres, queued transactions on PGlite.
 */

import { assert, describe, it } from "@effect/vitest"
import { Config, Ids } from "@karya/core"
import { IdSequenceSuite } from "@karya/core/testing"
import { Data, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as PgIdSequence from "../src/PgIdSequence.js"
import { databases } from "./TestDatabases.js"

const freshKey = Effect.map(
  Ids.EntityId.make,
  (scope): Ids.IdSequence.SequenceKey => ({
    tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"),
    series: "PI",
    scope,
  }),
)

class RolledBack extends Data.TaggedError("RolledBack")<{ readonly value: number }> {}

const consecutiveFromOne = (count: number): ReadonlyArray<number> =>
  Array.from({ length: count }, (_, index) => index + 1)

const sorted = (values: ReadonlyArray<number>): ReadonlyArray<number> =>
  [...values].sort((left, right) => left - right)

/** Allocates `count` values one after another, each in a transaction of its own, noting the backend used. */
const allocateInTransactions = (key: Ids.IdSequence.SequenceKey, count: number) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const values: Array<number> = []
    const backends = new Set<number>()
    for (let index = 0; index < count; index++) {
      const [value, rows] = yield* sql.withTransaction(
        Effect.all([Ids.IdSequence.next(key), sql<{ readonly pid: number }>`SELECT pg_backend_pid() AS pid`]),
      )
      values.push(value)
      for (const row of rows) backends.add(row.pid)
    }
    return { values, backends }
  })

const concurrently = (key: Ids.IdSequence.SequenceKey, workers: number, each: number) =>
  Effect.map(
    Effect.all(
      Array.from({ length: workers }, () => allocateInTransactions(key, each)),
      { concurrency: "unbounded" },
    ),
    (results) => ({
      values: results.flatMap((result) => result.values),
      backends: new Set(results.flatMap((result) => [...result.backends])),
    }),
  )

const all = databases()

for (const database of all) {
  const layer = PgIdSequence.layer.pipe(Layer.provideMerge(database.layer))

  IdSequenceSuite(`PgIdSequence on ${database.name}`, layer)

  describe(`PgIdSequence on ${database.name}`, () => {
    it.effect(
      "ID-3 DB-5: a number allocated in a transaction that rolls back is issued again, leaving no gap",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const key = yield* freshKey
          assert.strictEqual(yield* Ids.IdSequence.next(key), 1)
          const rolledBack = yield* sql
            .withTransaction(
              Effect.flatMap(Ids.IdSequence.next(key), (value) => Effect.fail(new RolledBack({ value }))),
            )
            .pipe(
              Effect.flip,
              Effect.flatMap((error) =>
                error instanceof RolledBack ? Effect.succeed(error.value) : Effect.die(error),
              ),
            )
          assert.strictEqual(rolledBack, 2, "the rolled-back transaction saw 2")
          assert.strictEqual(yield* Ids.IdSequence.next(key), 2, "2 is issued again after the rollback")
          const [stored] = yield* sql<{ readonly value: string }>`
          SELECT last_value::text AS value FROM id_sequences
          WHERE tenant_id = ${key.tenantId} AND series = ${key.series} AND scope = ${key.scope}`
          assert.strictEqual(stored?.value, "2")
        }).pipe(Effect.provide(layer)),
    )

    if (database.name === "pglite") {
      it.effect(
        "REL-2 ID-3 4 concurrent transaction loops allocating 50 PI numbers each produce 200 distinct consecutive numbers",
        () =>
          Effect.gen(function* () {
            const key = yield* freshKey
            const { values } = yield* concurrently(key, 4, 50)
            assert.deepStrictEqual(sorted(values), consecutiveFromOne(200))
          }).pipe(Effect.provide(layer)),
      )
    }
  })
}

const server = all.find((database) => database.name === "postgres")

describe("PgIdSequence on postgres, many connections", () => {
  it.effect.skipIf(server === undefined)(
    "REL-2 ID-3 8 concurrent connections allocating 1,000 PI numbers each produce 8,000 distinct consecutive numbers",
    () =>
      server === undefined
        ? Effect.void
        : Effect.gen(function* () {
            const key = yield* freshKey
            const { values, backends } = yield* concurrently(key, 8, 1_000)
            assert.strictEqual(backends.size, 8, "the allocations ran on 8 connections")
            assert.strictEqual(new Set(values).size, 8_000, "no number is issued twice")
            assert.deepStrictEqual(sorted(values), consecutiveFromOne(8_000))
            assert.strictEqual(yield* Ids.IdSequence.next(key), 8_001)
          }).pipe(Effect.provide(PgIdSequence.layer.pipe(Layer.provideMerge(server.layer)))),
    120_000,
  )
})
