import { assert, describe, it } from "@effect/vitest"
import { Time } from "@karya/core"
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"

const { BusinessClock, TimeZone } = Time

const millisOf = (iso: string) => DateTime.toEpochMillis(DateTime.makeUnsafe(iso))

describe("BusinessClock", () => {
  it.effect("TIME-1: the current instant is read from the Clock service, so TestClock controls it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(millisOf("2024-03-31T18:29:59.999Z"))
      assert.strictEqual(DateTime.formatIso(yield* BusinessClock.currentInstant), "2024-03-31T18:29:59.999Z")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(DateTime.formatIso(yield* BusinessClock.currentInstant), "2024-03-31T18:30:00.000Z")
    }),
  )

  it.effect("TIME-1: today is the local date in the tenant's zone", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(millisOf("2024-03-31T19:00:00Z"))
      assert.strictEqual(yield* BusinessClock.today(TimeZone.india), "2024-04-01")
      assert.strictEqual(yield* BusinessClock.today(TimeZone.makeUnsafe("UTC")), "2024-03-31")
    }),
  )

  it.effect("TIME-2: the current FY turns at 1 April 00:00 local", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(millisOf("2024-03-31T18:29:59.999Z"))
      assert.strictEqual(yield* BusinessClock.currentFinancialYear(TimeZone.india), "2023-24")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* BusinessClock.currentFinancialYear(TimeZone.india), "2024-25")
    }),
  )
})
