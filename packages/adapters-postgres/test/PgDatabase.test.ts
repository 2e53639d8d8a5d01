/**
 * The embedded database on a data directory (TECH-5): it is migrated on
 * its first start, finds nothing to migrate on the next (DB-1), and keeps
 * its data across restarts, so a number series continues where it stopped
 * (ID-3).
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Config, Ids } from "@karya/core"
import { Effect, Layer } from "effect"
import * as PgDatabase from "../src/PgDatabase.js"
import * as PgIdSequence from "../src/PgIdSequence.js"

const key: Ids.IdSequence.SequenceKey = {
  tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"),
  series: "PI",
  scope: "2024-25",
}

const session = (dataDir: string) =>
  Effect.gen(function* () {
    const applied = yield* PgDatabase.migrate
    const values = yield* Effect.all([Ids.IdSequence.next(key), Ids.IdSequence.next(key)])
    return { applied, values }
  }).pipe(Effect.provide(PgIdSequence.layer.pipe(Layer.provideMerge(PgDatabase.layerPglite({ dataDir })))))

describe("PgDatabase.layerPglite", () => {
  it.effect(
    "TECH-5 DB-1 ID-3: on a data directory the database keeps its migrations and number series across restarts",
    () =>
      Effect.acquireUseRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "karya-pglite-"))),
        (dataDir) =>
          Effect.gen(function* () {
            const first = yield* session(dataDir)
            assert.deepStrictEqual(first.values, [1, 2])
            assert.deepStrictEqual(first.applied, [], "the layer already migrated on start")
            const second = yield* session(dataDir)
            assert.deepStrictEqual(second.values, [3, 4], "the series continues after the restart")
            assert.deepStrictEqual(second.applied, [])
          }),
        (dataDir) => Effect.promise(() => rm(dataDir, { recursive: true, force: true })),
      ),
    60_000,
  )

  it.effect(
    "DB-1: with migrate: false the layer starts an empty database that migrate then fills",
    () =>
      Effect.gen(function* () {
        const applied = yield* PgDatabase.migrate
        assert.isAbove(applied.length, 0)
        assert.deepStrictEqual(applied[0], [1, "foundation"])
      }).pipe(Effect.provide(PgDatabase.layerPglite({ migrate: false }))),
    60_000,
  )
})
