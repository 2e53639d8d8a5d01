import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Time } from "@karya/core"
import {
  effectivePeriodArbitrary,
  instantArbitrary,
  localDateArbitrary,
  timeZoneArbitrary,
} from "@karya/core/testing"
import { DateTime, Option, Result, Schema } from "effect"

const { EffectivePeriod, LocalDate, TimeZone } = Time

const date = LocalDate.makeUnsafe
const at = (iso: string) => DateTime.makeUnsafe(iso)
const hourMs = 60 * 60 * 1000

const laterOf = (left: Time.LocalDate.LocalDate, right: Time.LocalDate.LocalDate) =>
  LocalDate.isAfter(left, right) ? left : right

// Instants drawn near a period's start or end, or anywhere, so both answers occur.
const periodAndInstant = fc
  .tuple(
    effectivePeriodArbitrary,
    timeZoneArbitrary,
    fc.constantFrom("start", "end", "anywhere"),
    fc.integer({ min: -48 * hourMs, max: 48 * hourMs }),
    instantArbitrary,
  )
  .map(([period, timeZone, near, offsetMs, anywhere]) => {
    const anchor =
      near === "start"
        ? LocalDate.startInstant(period.effectiveFrom, timeZone)
        : near === "end" && period.effectiveTo !== undefined
          ? LocalDate.endInstant(period.effectiveTo, timeZone)
          : anywhere
    return { period, timeZone, instant: DateTime.makeUnsafe(DateTime.toEpochMillis(anchor) + offsetMs) }
  })

describe("EffectivePeriod", () => {
  it("TIME-3: a window runs from 00:00:00.000 local on its first date to 23:59:59.999 local on its last", () => {
    const april = EffectivePeriod.makeUnsafe({
      effectiveFrom: date("2024-04-01"),
      effectiveTo: date("2024-04-30"),
    })
    expect(EffectivePeriod.containsInstant(april, at("2024-03-31T18:29:59.999Z"), TimeZone.india)).toBe(false)
    expect(EffectivePeriod.containsInstant(april, at("2024-03-31T18:30:00.000Z"), TimeZone.india)).toBe(true)
    expect(EffectivePeriod.containsInstant(april, at("2024-04-30T18:29:59.999Z"), TimeZone.india)).toBe(true)
    expect(EffectivePeriod.containsInstant(april, at("2024-04-30T18:30:00.000Z"), TimeZone.india)).toBe(false)
    expect(EffectivePeriod.containsDate(april, date("2024-04-01"))).toBe(true)
    expect(EffectivePeriod.containsDate(april, date("2024-04-30"))).toBe(true)
    expect(EffectivePeriod.containsDate(april, date("2024-05-01"))).toBe(false)
    expect(EffectivePeriod.containsDate(april, date("2024-03-31"))).toBe(false)
  })

  it("TIME-3: an open-ended window has no last instant", () => {
    const open = EffectivePeriod.makeUnsafe({ effectiveFrom: date("2024-01-01") })
    expect(EffectivePeriod.isOpenEnded(open)).toBe(true)
    expect(EffectivePeriod.containsInstant(open, at("2089-12-31T23:59:59.999Z"), TimeZone.india)).toBe(true)
    expect(EffectivePeriod.containsDate(open, date("2090-01-01"))).toBe(true)
    expect(EffectivePeriod.containsDate(open, date("2023-12-31"))).toBe(false)
  })

  it("TIME-3: a window may not end before it starts; a one-day window is valid", () => {
    const oneDay = EffectivePeriod.decode({ effectiveFrom: "2024-04-01", effectiveTo: "2024-04-01" })
    expect(Result.isSuccess(oneDay)).toBe(true)
    const reversed = EffectivePeriod.decode({ effectiveFrom: "2024-04-02", effectiveTo: "2024-04-01" })
    expect(Result.isFailure(reversed)).toBe(true)
    if (Result.isFailure(reversed)) {
      expect(reversed.failure.problems).toEqual([
        expect.objectContaining({ field: "effectiveTo", code: EffectivePeriod.effectiveToBeforeFromCode }),
      ])
      expect(reversed.failure.message).toMatch(/ends on 2024-04-01, before it starts on 2024-04-02/)
    }
    expect(
      Schema.is(EffectivePeriod.EffectivePeriod)({ effectiveFrom: "2024-04-02", effectiveTo: "2024-04-01" }),
    ).toBe(false)
    expect(() =>
      EffectivePeriod.makeUnsafe({ effectiveFrom: date("2024-04-02"), effectiveTo: date("2024-04-01") }),
    ).toThrow(/Invariant/)
  })

  it("TIME-3: decoding reports every malformed field at once", () => {
    const decoded = EffectivePeriod.decode({ effectiveFrom: "2024-13-01", effectiveTo: "2024-02-30" })
    expect(Result.isFailure(decoded)).toBe(true)
    if (Result.isFailure(decoded)) {
      expect(decoded.failure.problems.map((problem) => problem.field)).toEqual([
        "effectiveFrom",
        "effectiveTo",
      ])
    }
  })

  test.prop([periodAndInstant], { numRuns: 500 })(
    "TIME-3: an instant is in a window exactly when its local date is (LocalDate.fromInstant)",
    ({ period, timeZone, instant }) => {
      expect(EffectivePeriod.containsInstant(period, instant, timeZone)).toBe(
        EffectivePeriod.containsDate(period, LocalDate.fromInstant(instant, timeZone)),
      )
    },
  )

  it("TIME-3: adjacent windows do not overlap; windows sharing a day do", () => {
    const march = EffectivePeriod.makeUnsafe({
      effectiveFrom: date("2024-03-01"),
      effectiveTo: date("2024-03-31"),
    })
    const fromApril = EffectivePeriod.makeUnsafe({ effectiveFrom: date("2024-04-01") })
    const fromMarchEnd = EffectivePeriod.makeUnsafe({ effectiveFrom: date("2024-03-31") })
    expect(EffectivePeriod.overlaps(march, fromApril)).toBe(false)
    expect(EffectivePeriod.overlaps(fromApril, march)).toBe(false)
    expect(EffectivePeriod.overlaps(march, fromMarchEnd)).toBe(true)
    expect(EffectivePeriod.overlaps(fromApril, fromMarchEnd)).toBe(true)
  })

  test.prop([effectivePeriodArbitrary, effectivePeriodArbitrary])(
    "TIME-3: two windows overlap exactly when the later start lies in both, and overlap is symmetric",
    (left, right) => {
      const laterStart = laterOf(left.effectiveFrom, right.effectiveFrom)
      const sharesLaterStart =
        EffectivePeriod.containsDate(left, laterStart) && EffectivePeriod.containsDate(right, laterStart)
      expect(EffectivePeriod.overlaps(left, right)).toBe(sharesLaterStart)
      expect(EffectivePeriod.overlaps(right, left)).toBe(EffectivePeriod.overlaps(left, right))
    },
  )

  it("TIME-3: closing a window before a new one ends it the day before (RATE-2 shape)", () => {
    const open = EffectivePeriod.makeUnsafe({ effectiveFrom: date("2024-01-01") })
    const closed = EffectivePeriod.closeBefore(open, date("2024-04-01"))
    expect(closed).toEqual(
      Option.some({ effectiveFrom: date("2024-01-01"), effectiveTo: date("2024-03-31") }),
    )
    expect(EffectivePeriod.closeBefore(open, date("2024-01-01"))).toEqual(Option.none())
    expect(EffectivePeriod.closeBefore(open, date("2023-12-31"))).toEqual(Option.none())
    const january = EffectivePeriod.makeUnsafe({
      effectiveFrom: date("2024-01-01"),
      effectiveTo: date("2024-01-31"),
    })
    expect(EffectivePeriod.closeBefore(january, date("2024-03-01"))).toEqual(Option.some(january))
    expect(EffectivePeriod.closeBefore(january, date("2024-01-02"))).toEqual(
      Option.some({ effectiveFrom: date("2024-01-01"), effectiveTo: date("2024-01-01") }),
    )
  })

  test.prop([effectivePeriodArbitrary, fc.integer({ min: 1, max: 2000 })])(
    "TIME-3: a closed window keeps its start, lies inside the old one and never overlaps the new one",
    (period, daysAfterStart) => {
      const nextFrom = LocalDate.addDays(period.effectiveFrom, daysAfterStart)
      const closed = EffectivePeriod.closeBefore(period, nextFrom)
      expect(Option.isSome(closed)).toBe(true)
      if (Option.isNone(closed)) return
      expect(closed.value.effectiveFrom).toBe(period.effectiveFrom)
      expect(EffectivePeriod.overlaps(closed.value, { effectiveFrom: nextFrom })).toBe(false)
      expect(Schema.is(EffectivePeriod.EffectivePeriod)(closed.value)).toBe(true)
      const dayBefore = LocalDate.addDays(nextFrom, -1)
      expect(EffectivePeriod.containsDate(closed.value, dayBefore)).toBe(
        EffectivePeriod.containsDate(period, dayBefore),
      )
      expect(EffectivePeriod.overlaps(closed.value, period)).toBe(true)
    },
  )

  test.prop([localDateArbitrary(), fc.integer({ min: 0, max: 400 })])(
    "TIME-3: a window with no end after its start contains every later date",
    (from, days) => {
      const open = EffectivePeriod.makeUnsafe({ effectiveFrom: from })
      expect(EffectivePeriod.containsDate(open, LocalDate.addDays(from, days))).toBe(true)
    },
  )
})
