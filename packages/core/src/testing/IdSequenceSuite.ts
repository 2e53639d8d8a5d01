/**
 * The conformance suite of the `IdSequence` port (ID-1, ID-3): every
 * implementation (memory, PGlite, server Postgres) runs it with its own
 * Layer. Each test draws fresh keys (a random UUID scope), so the suite also
 * passes against a database that keeps its state between runs.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as IdSequence from "../ids/IdSequence.js"

/**
 * Concurrent requests in the concurrency test: 200, as ID-3 asks.
 *
 * @since 0.1.0
 * @category testing
 */
export const concurrentRequestsMax = 200

const freshKey = Effect.map(
  EntityId.make,
  (scope): IdSequence.SequenceKey => ({ tenantId: TenantId.makeUnsafe("od.suite"), series: "suite", scope }),
)

const nextValues = (
  key: IdSequence.SequenceKey,
  count: number,
  concurrency: "unbounded" | 1,
): Effect.Effect<ReadonlyArray<number>, IdSequence.IdSequenceUnavailable, IdSequence.IdSequence> =>
  Effect.all(
    Array.from({ length: count }, () => IdSequence.next(key)),
    { concurrency },
  )

const consecutiveFromOne = (count: number): ReadonlyArray<number> =>
  Array.from({ length: count }, (_, index) => index + 1)

/**
 * Registers the `IdSequence` conformance tests for one implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const IdSequenceSuite = <E>(name: string, layer: Layer.Layer<IdSequence.IdSequence, E>): void => {
  describe(name, () => {
    it.effect("ID-1: a new key starts at 1 and each call returns one more, with no gaps", () =>
      Effect.gen(function* () {
        const key = yield* freshKey
        const values = yield* nextValues(key, 5, 1)
        assert.deepStrictEqual(values, consecutiveFromOne(5))
      }).pipe(Effect.provide(layer)),
    )

    it.effect("ID-1: tenant, series and scope each keep their own sequence", () =>
      Effect.gen(function* () {
        const key = yield* freshKey
        const otherScope = yield* freshKey
        const keys = [
          key,
          { ...key, tenantId: TenantId.makeUnsafe("od.suiteother") },
          { ...key, series: "suiteOther" },
          { ...key, scope: otherScope.scope },
        ]
        yield* nextValues(key, 3, 1)
        for (const other of keys.slice(1)) {
          assert.strictEqual(yield* IdSequence.next(other), 1, `${JSON.stringify(other)} starts at 1`)
        }
        assert.strictEqual(yield* IdSequence.next(key), 4, "the first key continues where it was")
      }).pipe(Effect.provide(layer)),
    )

    it.effect(
      `ID-3: ${concurrentRequestsMax} concurrent requests get ${concurrentRequestsMax} distinct consecutive numbers`,
      () =>
        Effect.gen(function* () {
          const key = yield* freshKey
          const values = yield* nextValues(key, concurrentRequestsMax, "unbounded")
          assert.strictEqual(new Set(values).size, concurrentRequestsMax, "no value is issued twice")
          assert.deepStrictEqual(
            [...values].sort((left, right) => left - right),
            consecutiveFromOne(concurrentRequestsMax),
          )
          assert.strictEqual(yield* IdSequence.next(key), concurrentRequestsMax + 1)
        }).pipe(Effect.provide(layer)),
    )

    it.effect("ID-3: concurrent requests on different keys do not disturb each other", () =>
      Effect.gen(function* () {
        const first = yield* freshKey
        const second = yield* freshKey
        const [firstValues, secondValues] = yield* Effect.all(
          [nextValues(first, 50, "unbounded"), nextValues(second, 50, "unbounded")],
          { concurrency: "unbounded" },
        )
        assert.deepStrictEqual(
          [...firstValues].sort((left, right) => left - right),
          consecutiveFromOne(50),
        )
        assert.deepStrictEqual(
          [...secondValues].sort((left, right) => left - right),
          consecutiveFromOne(50),
        )
      }).pipe(Effect.provide(layer)),
    )
  })
}
