/**
 * fast-check arbitraries for the time module's values (TIME-1..5): local
 * dates, instants, time zones, financial years, instants near the 1 April
 * boundary and effective periods. Built from calendar arithmetic and epoch
 * milliseconds only, never the wall clock.
 *
 * @since 0.1.0
 */
import { DateTime } from "effect"
import * as fc from "fast-check"
import type * as EffectivePeriod from "../time/EffectivePeriod.js"
import * as FinancialYear from "../time/FinancialYear.js"
import * as LocalDate from "../time/LocalDate.js"
import * as TimeZone from "../time/TimeZone.js"

const dateMin = LocalDate.makeUnsafe("1990-01-01")
const dateMax = LocalDate.makeUnsafe("2090-12-31")

/**
 * Local dates from `min` to `max` inclusive (default 1990-01-01 to
 * 2090-12-31).
 *
 * @since 0.1.0
 * @category testing
 */
export const localDateArbitrary = (
  range: { readonly min?: LocalDate.LocalDate; readonly max?: LocalDate.LocalDate } = {},
): fc.Arbitrary<LocalDate.LocalDate> => {
  const min = range.min ?? dateMin
  const max = range.max ?? dateMax
  return fc
    .integer({ min: 0, max: LocalDate.daysBetween({ from: min, to: max }) })
    .map((days) => LocalDate.addDays(min, days))
}

/**
 * Instants between 1990 and 2090, to the millisecond.
 *
 * @since 0.1.0
 * @category testing
 */
export const instantArbitrary: fc.Arbitrary<DateTime.Utc> = fc
  .integer({
    min: DateTime.toEpochMillis(DateTime.makeUnsafe("1990-01-01T00:00:00Z")),
    max: DateTime.toEpochMillis(DateTime.makeUnsafe("2090-12-31T23:59:59.999Z")),
  })
  .map((millis) => DateTime.makeUnsafe(millis))

/**
 * Business time zones, with and without daylight saving and with odd
 * offsets: India (+05:30), Nepal (+05:45), UTC, New York and Chatham.
 *
 * @since 0.1.0
 * @category testing
 */
export const timeZoneArbitrary: fc.Arbitrary<TimeZone.TimeZone> = fc.constantFrom(
  TimeZone.india,
  TimeZone.makeUnsafe("Asia/Kathmandu"),
  TimeZone.makeUnsafe("UTC"),
  TimeZone.makeUnsafe("America/New_York"),
  TimeZone.makeUnsafe("Pacific/Chatham"),
)

/**
 * Financial years from 1990-91 to 2089-90.
 *
 * @since 0.1.0
 * @category testing
 */
export const financialYearArbitrary: fc.Arbitrary<FinancialYear.FinancialYear> = fc
  .integer({ min: 1990, max: 2089 })
  .map(FinancialYear.fromStartYear)

/**
 * How far from a financial year's first instant `instantNearFinancialYearStartArbitrary` strays: 48 hours.
 *
 * @since 0.1.0
 * @category testing
 */
export const financialYearStartDistanceMsMax = 48 * 60 * 60 * 1000

/**
 * Instants within 48 hours either side of 1 April 00:00 local in the given
 * zone, across 1990 to 2089, with the exact boundary and its neighbours
 * drawn often.
 *
 * @since 0.1.0
 * @category testing
 */
export const instantNearFinancialYearStartArbitrary = (
  timeZone: TimeZone.TimeZone,
): fc.Arbitrary<DateTime.Utc> =>
  fc
    .tuple(
      financialYearArbitrary,
      fc.oneof(
        fc.constantFrom(-1, 0, 1),
        fc.integer({ min: -financialYearStartDistanceMsMax, max: financialYearStartDistanceMsMax }),
      ),
    )
    .map(([financialYear, offsetMs]) =>
      DateTime.makeUnsafe(
        DateTime.toEpochMillis(FinancialYear.startInstant(financialYear, timeZone)) + offsetMs,
      ),
    )

/**
 * Effective periods starting between 1990 and 2090, open-ended or lasting
 * up to about three years.
 *
 * @since 0.1.0
 * @category testing
 */
export const effectivePeriodArbitrary: fc.Arbitrary<EffectivePeriod.EffectivePeriod> = fc
  .tuple(localDateArbitrary(), fc.option(fc.integer({ min: 0, max: 1100 }), { nil: undefined }))
  .map(([effectiveFrom, lengthDays]) =>
    lengthDays === undefined
      ? { effectiveFrom }
      : { effectiveFrom, effectiveTo: LocalDate.addDays(effectiveFrom, lengthDays) },
  )
