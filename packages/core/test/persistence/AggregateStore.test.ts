/**
 * The memory store passes the `AggregateStore` conformance suite on the test
 * parcel (ARCH-3), and the value helpers every in-memory implementation
 * shares order, compare and filter as PostgreSQL does (API-5, DB-3).
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Persistence } from "@karya/core"
import {
  AggregateStoreSuite,
  makeParcel,
  ParcelStore,
  parcelDescriptor,
  parcelFixture,
} from "@karya/core/testing"
import { Cause, Effect, Exit, Option } from "effect"

const { AggregateStore } = Persistence
const { compareValues, meets, normalValue } = AggregateStore

AggregateStoreSuite(
  "AggregateStore.layerMemory",
  AggregateStore.layerMemory(ParcelStore, parcelDescriptor),
  parcelFixture,
)

const sign = (value: number): number => Math.sign(value)

describe("AggregateStore.compareValues", () => {
  it("API-5: decimals compare by value, not as text", () => {
    assert.strictEqual(compareValues("numeric", "9.25", "10.5"), -1)
    assert.strictEqual(compareValues("numeric", "10.50", "10.5"), 0)
    assert.strictEqual(compareValues("numeric", "-2", "-10"), 1)
    assert.strictEqual(compareValues("numeric", "0.1", "0.10000000000000000001"), -1)
  })

  it("API-5: integers compare by value; text, dates and instants by their characters in C order", () => {
    assert.strictEqual(compareValues("integer", -2, -10), 1)
    assert.strictEqual(compareValues("integer", 7, 7), 0)
    assert.strictEqual(compareValues("text", "B-10", "B-9"), -1)
    assert.strictEqual(compareValues("text", "Zebra", "apple"), -1, "upper case before lower case")
    assert.strictEqual(compareValues("date", "2024-09-30", "2024-10-02"), -1)
    assert.strictEqual(
      compareValues("timestamptz", "2024-04-01T00:00:00.000Z", "2024-03-31T23:59:59.999Z"),
      1,
    )
    assert.strictEqual(compareValues("boolean", false, true), -1)
  })

  it("API-5: a null has no place in an order (a defect)", () => {
    assert.throws(() => compareValues("text", null, "a"))
    assert.throws(() => compareValues("numeric", "1", null))
  })

  test.prop([fc.bigInt(), fc.bigInt(), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })], {
    numRuns: 200,
  })(
    "API-5: decimals order as the numbers they write, however many decimals",
    (left, right, scaleL, scaleR) => {
      const text = (value: bigint, scale: number) => {
        const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, "0")
        const written = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
        return `${value < 0n ? "-" : ""}${written}`
      }
      // left / 10^scaleL against right / 10^scaleR, compared exactly in integers.
      const [scaledLeft, scaledRight] = [left * 10n ** BigInt(scaleR), right * 10n ** BigInt(scaleL)]
      const expected = scaledLeft === scaledRight ? 0 : scaledLeft < scaledRight ? -1 : 1
      assert.strictEqual(sign(compareValues("numeric", text(left, scaleL), text(right, scaleR))), expected)
    },
  )
})

describe("AggregateStore.normalValue and meets", () => {
  it("API-5: a decimal equals itself written with trailing zeros (10.50 is 10.5)", () => {
    assert.strictEqual(normalValue("numeric", "10.50"), normalValue("numeric", "10.5"))
    assert.strictEqual(normalValue("numeric", "10.000"), normalValue("numeric", "10"))
    assert.notStrictEqual(normalValue("numeric", "10.05"), normalValue("numeric", "10.5"))
    assert.strictEqual(normalValue("numeric", null), null)
    assert.strictEqual(normalValue("text", "10.50"), "10.50", "text keeps its characters")
    assert.isTrue(meets("numeric", "10.50", "10.5"))
    assert.isFalse(meets("text", "10.50", "10.5"))
  })

  it("API-5: a value meets a list when it equals one of its values; null meets a list holding null", () => {
    assert.isTrue(meets("numeric", "2.50", ["1", "2.5"]))
    assert.isFalse(meets("numeric", "3", ["1", "2.5"]))
    assert.isFalse(meets("text", "a", []))
    assert.isTrue(meets("text", null, [null, "a"]))
    assert.isFalse(meets("text", null, ["a"]))
    assert.isTrue(meets("text", null, null))
    assert.isFalse(meets("text", "a", null))
    assert.isTrue(meets("integer", 3, [1, 3]))
    assert.isTrue(meets("boolean", false, false))
  })

  it("API-5: a range holds the values between its ends, ends included, and never null", () => {
    assert.isTrue(meets("numeric", "10.50", { from: "10.5", to: "11" }))
    assert.isTrue(meets("numeric", "11.0", { from: "10.5", to: "11" }))
    assert.isFalse(meets("numeric", "11.01", { from: "10.5", to: "11" }))
    assert.isTrue(meets("date", "2024-01-01", { from: "2024-01-01" }))
    assert.isFalse(meets("date", "2023-12-31", { from: "2024-01-01" }))
    assert.isTrue(meets("integer", -5, { to: -5 }))
    assert.isFalse(meets("integer", -4, { to: -5 }))
    assert.isTrue(meets("text", "b", {}))
    assert.isFalse(meets("text", null, {}))
    assert.isFalse(meets("integer", 3, { from: 4, to: 2 }))
  })
})

const tenantId = Config.TenantId.makeUnsafe("od.cuttack")
const otherTenantId = Config.TenantId.makeUnsafe("od.puri")
const parcels = (count: number) =>
  Array.from({ length: count }, (_, index) => makeParcel({ tenantId, index }))

const storeWith = (count: number) =>
  Effect.gen(function* () {
    const store = AggregateStore.makeMemoryStore(parcelDescriptor)
    yield* Effect.forEach(parcels(count), (aggregate) => store.insert({ aggregate }), { discard: true })
    yield* store.insert({ aggregate: makeParcel({ tenantId: otherTenantId, index: 0 }) })
    return store
  })

describe("AggregateStore.findAll", () => {
  it.effect("API-5: finds every match page after page, in the query's order", () =>
    Effect.gen(function* () {
      const store = yield* storeWith(230)
      const found = yield* AggregateStore.findAll(store, { tenantId }, { itemsMax: 230 })
      assert.deepStrictEqual(
        found.map((parcel) => parcel.id),
        parcels(230).map((parcel) => parcel.id),
      )
      const fragile = yield* AggregateStore.findAll(
        store,
        { tenantId, where: { fragile: true }, orderBy: "count", direction: "descending" },
        { itemsMax: 230 },
      )
      assert.strictEqual(fragile.length, 115)
      assert.isTrue(
        fragile.every((parcel, index) => index === 0 || (fragile[index - 1]?.count ?? 0) >= parcel.count),
      )
    }),
  )

  it.effect("API-5: a batch of exactly itemsMax is served; one more dies (a deployment's mistake)", () =>
    Effect.gen(function* () {
      const store = yield* storeWith(101)
      assert.strictEqual((yield* AggregateStore.findAll(store, { tenantId }, { itemsMax: 101 })).length, 101)
      const exit = yield* Effect.exit(AggregateStore.findAll(store, { tenantId }, { itemsMax: 100 }))
      assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause), "dies past itemsMax")
      const small = yield* Effect.exit(AggregateStore.findAll(store, { tenantId }, { itemsMax: 7 }))
      assert.isTrue(Exit.isFailure(small) && Cause.hasDies(small.cause), "dies past a small itemsMax")
    }),
  )

  it.effect("API-5: finds nothing when nothing matches", () =>
    Effect.gen(function* () {
      const store = yield* storeWith(3)
      const found = yield* AggregateStore.findAll(
        store,
        { tenantId, where: { code: "none" } },
        { itemsMax: 1 },
      )
      assert.deepStrictEqual(found, [])
    }),
  )
})

describe("AggregateStore.findAllWithin", () => {
  it.effect("API-5: a batch of exactly itemsMax is served; one more is none, for the caller to refuse", () =>
    Effect.gen(function* () {
      const store = yield* storeWith(101)
      const atLimit = yield* AggregateStore.findAllWithin(store, { tenantId }, { itemsMax: 101 })
      assert.deepStrictEqual(
        Option.map(atLimit, (found) => found.map((parcel) => parcel.id)),
        Option.some(parcels(101).map((parcel) => parcel.id)),
      )
      assert.isTrue(
        Option.isNone(yield* AggregateStore.findAllWithin(store, { tenantId }, { itemsMax: 100 })),
      )
      assert.isTrue(Option.isNone(yield* AggregateStore.findAllWithin(store, { tenantId }, { itemsMax: 7 })))
    }),
  )
})

describe("AggregateStore.findFirst", () => {
  it.effect("API-5: the first match in the query's order, or none", () =>
    Effect.gen(function* () {
      const store = yield* storeWith(12)
      const byCode = yield* AggregateStore.findFirst(store, { tenantId, where: { code: "B-4" } })
      assert.strictEqual(Option.getOrThrow(byCode).id, "parcel-4")
      const heaviest = yield* AggregateStore.findFirst(store, {
        tenantId,
        orderBy: "weight",
        direction: "descending",
      })
      assert.strictEqual(Option.getOrThrow(heaviest).weight, "100")
      const lightestFragile = yield* AggregateStore.findFirst(store, {
        tenantId,
        where: { fragile: true },
        orderBy: "weight",
      })
      assert.strictEqual(
        Option.getOrThrow(lightestFragile).id,
        "parcel-2",
        "-1.5 is the lightest fragile weight",
      )
      const none = yield* AggregateStore.findFirst(store, { tenantId, where: { code: "B-99" } })
      assert.isTrue(Option.isNone(none))
      const elsewhere = yield* AggregateStore.findFirst(store, {
        tenantId: otherTenantId,
        where: { code: "b-3" },
      })
      assert.isTrue(Option.isNone(elsewhere), "another tenant's parcels are not found")
    }),
  )
})
