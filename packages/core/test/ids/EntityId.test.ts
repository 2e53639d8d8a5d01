import { assert, describe, it } from "@effect/vitest"
import { Ids } from "@karya/core"
import { Effect, Random, Schema } from "effect"

const { EntityId } = Ids

const idsOf = (count: number) => Effect.all(Array.from({ length: count }, () => EntityId.make))

describe("EntityId", () => {
  it.effect("ID-4: a new id is a canonical version-4 UUID", () =>
    Effect.gen(function* () {
      for (const id of yield* idsOf(200)) {
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        assert.isTrue(Schema.is(EntityId.EntityId)(id))
      }
    }),
  )

  it.effect("ID-4: ids come from the Random service, so a seed makes them repeatable", () =>
    Effect.gen(function* () {
      const first = yield* idsOf(3).pipe(Random.withSeed("karya"))
      const again = yield* idsOf(3).pipe(Random.withSeed("karya"))
      const other = yield* idsOf(3).pipe(Random.withSeed("other"))
      assert.deepStrictEqual(first, again)
      assert.notDeepEqual(first, other)
      assert.strictEqual(new Set(first).size, 3)
    }),
  )

  it.effect("ID-4: ten thousand ids from one seed are all distinct", () =>
    Effect.gen(function* () {
      const ids = yield* idsOf(10_000).pipe(Random.withSeed(42))
      assert.strictEqual(new Set(ids).size, ids.length)
    }),
  )

  it("ID-4: the schema accepts canonical UUIDs of any version and refuses other text", () => {
    const is = Schema.is(EntityId.EntityId)
    assert.isTrue(is("0f8fad5b-d9cb-469f-a165-70867728950e"))
    assert.isTrue(is("017f22e2-79b0-7cc3-98c4-dc0c0c07398f"))
    assert.isFalse(is("0F8FAD5B-D9CB-469F-A165-70867728950E"))
    assert.isFalse(is("0f8fad5bd9cb469fa16570867728950e"))
    assert.isFalse(is("0f8fad5b-d9cb-069f-a165-70867728950e"))
    assert.isFalse(is("0f8fad5b-d9cb-469f-c165-70867728950e"))
    assert.isFalse(is("PI-DK/2022-23/000023"))
    assert.throws(() => EntityId.makeUnsafe("not-an-id"), /write a UUID in lowercase/)
    assert.strictEqual(
      EntityId.makeUnsafe("0f8fad5b-d9cb-469f-a165-70867728950e"),
      "0f8fad5b-d9cb-469f-a165-70867728950e",
    )
  })
})
