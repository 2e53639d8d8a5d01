import { assert, describe, it } from "@effect/vitest"
import { Config, Ids } from "@karya/core"
import { IdSequenceSuite } from "@karya/core/testing"
import { Effect } from "effect"

const { IdSequence } = Ids

IdSequenceSuite("IdSequence.layerMemory", IdSequence.layerMemory)

describe("IdSequence.layerMemory", () => {
  const key = { tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"), series: "workOrder", scope: "2023-24" }

  it.effect("ID-1: each build of the memory layer starts its own counters", () =>
    Effect.gen(function* () {
      const first = yield* IdSequence.next(key).pipe(Effect.provide(IdSequence.layerMemory))
      const second = yield* IdSequence.next(key).pipe(Effect.provide(IdSequence.layerMemory))
      assert.strictEqual(first, 1)
      assert.strictEqual(second, 1)
    }),
  )

  it.effect("ID-1: keys whose parts contain separators stay apart", () =>
    Effect.gen(function* () {
      const joined = yield* IdSequence.next({ ...key, series: "a", scope: "b|c" })
      const split = yield* IdSequence.next({ ...key, series: "a|b", scope: "c" })
      assert.deepStrictEqual([joined, split], [1, 1])
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it("ID-3: an unavailable store is a retryable ID_SEQUENCE_UNAVAILABLE naming the key", () => {
    const failure = new IdSequence.IdSequenceUnavailable({ ...key, reason: "connection refused" })
    assert.strictEqual(failure.code, "ID_SEQUENCE_UNAVAILABLE")
    assert.isTrue(failure.retryable)
    assert.match(failure.message, /No workOrder number could be issued for od\.dhenkanal \(2023-24\)/)
  })
})
