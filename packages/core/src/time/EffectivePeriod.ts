/**
 * A validity window of local dates (TIME-3): in force from `effectiveFrom`
 * 00:00:00.000 local up to and including `effectiveTo` 23:59:59.999 local, or
 * open-ended when there is no `effectiveTo`. Rates, overheads and wage rates
 * are versioned by such windows (CONF-2, RATE-2): windows of one record never
 * overlap, and adding a window from date D closes the previous one on D − 1.
 *
 * @since 0.1.0
 */
import { type DateTime, Option, Result, Schema } from "effect"
import { fromProblems, problemsFromIssue, type ValidationFailed } from "../errors/ValidationFailed.js"
import { assert } from "../internal/assert.js"
import * as LocalDate from "./LocalDate.js"
import type { TimeZone } from "./TimeZone.js"

/**
 * Problem code: the window ends before it starts.
 *
 * @since 0.1.0
 * @category models
 */
export const effectiveToBeforeFromCode = "EFFECTIVE_TO_BEFORE_FROM"

const Window = Schema.Struct({
  /** First local date in force, from 00:00:00.000 local. */
  effectiveFrom: LocalDate.LocalDate,
  /** Last local date in force, until 23:59:59.999 local; absent while open-ended. */
  effectiveTo: Schema.optionalKey(LocalDate.LocalDate),
})

const orderProblemOf = (period: typeof Window.Type): string | undefined =>
  period.effectiveTo !== undefined && LocalDate.isBefore(period.effectiveTo, period.effectiveFrom)
    ? `the window ends on ${period.effectiveTo}, before it starts on ${period.effectiveFrom}; enter an end date on or after the start date`
    : undefined

/**
 * A validity window; decoding refuses an `effectiveTo` earlier than
 * `effectiveFrom` (a one-day window has both on the same date).
 *
 * @since 0.1.0
 * @category models
 */
export const EffectivePeriod = Window.check(
  Schema.makeFilter((period) => {
    const message = orderProblemOf(period)
    return message === undefined ? undefined : { path: ["effectiveTo"], issue: message }
  }),
)

/**
 * @since 0.1.0
 * @category models
 */
export type EffectivePeriod = typeof EffectivePeriod.Type

/**
 * Decodes a window, reporting every field problem at once (ERR-3); an end
 * before the start is `EFFECTIVE_TO_BEFORE_FROM` on `effectiveTo`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode = (input: unknown): Result.Result<EffectivePeriod, ValidationFailed> => {
  const decoded = Schema.decodeUnknownResult(Window)(input, { errors: "all" })
  if (Result.isFailure(decoded)) {
    const [first, ...rest] = problemsFromIssue(decoded.failure.issue)
    assert(first !== undefined, "a failed decode has at least one problem")
    return Result.fail(fromProblems("effective period", [first, ...rest]))
  }
  const message = orderProblemOf(decoded.success)
  return message === undefined
    ? Result.succeed(decoded.success)
    : Result.fail(
        fromProblems("effective period", [
          { field: "effectiveTo", code: effectiveToBeforeFromCode, message },
        ]),
      )
}

/**
 * Builds a window from dates known to be in order, throwing otherwise. For
 * constants and tests; decode input with `decode`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (period: EffectivePeriod): EffectivePeriod => {
  assert(orderProblemOf(period) === undefined, "effectiveTo is on or after effectiveFrom")
  return period
}

/**
 * Whether the window has no end date.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isOpenEnded = (period: EffectivePeriod): boolean => period.effectiveTo === undefined

/**
 * Whether a local date is in the window, both ends included (TIME-3).
 *
 * @since 0.1.0
 * @category predicates
 */
export const containsDate = (period: EffectivePeriod, date: LocalDate.LocalDate): boolean =>
  !LocalDate.isBefore(date, period.effectiveFrom) &&
  (period.effectiveTo === undefined || !LocalDate.isAfter(date, period.effectiveTo))

/**
 * Whether an instant is in the window: from 00:00:00.000 local on
 * `effectiveFrom` to 23:59:59.999 local on `effectiveTo`, both included
 * (TIME-3), in the tenant's time zone (TIME-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const containsInstant = (
  period: EffectivePeriod,
  instant: DateTime.Utc,
  timeZone: TimeZone,
): boolean => {
  const millis = instant.epochMilliseconds
  const start = LocalDate.startInstant(period.effectiveFrom, timeZone).epochMilliseconds
  if (millis < start) return false
  if (period.effectiveTo === undefined) return true
  return millis <= LocalDate.endInstant(period.effectiveTo, timeZone).epochMilliseconds
}

/**
 * Whether two windows share at least one day.
 *
 * @since 0.1.0
 * @category predicates
 */
export const overlaps = (left: EffectivePeriod, right: EffectivePeriod): boolean => {
  const leftEndsBeforeRight =
    left.effectiveTo !== undefined && LocalDate.isBefore(left.effectiveTo, right.effectiveFrom)
  const rightEndsBeforeLeft =
    right.effectiveTo !== undefined && LocalDate.isBefore(right.effectiveTo, left.effectiveFrom)
  return !leftEndsBeforeRight && !rightEndsBeforeLeft
}

/**
 * Ends a window the day before a new window starts on `nextFrom` (RATE-2:
 * a rate effective from D closes the current one on D − 1 at 23:59:59.999).
 * A window that already ends earlier is returned unchanged: closing never
 * lengthens a window. `None` when `nextFrom` is on or before the window's own
 * start, because the closed window would be empty; the caller refuses that
 * with its own code (rates: `RATE_BEFORE_CURRENT`).
 *
 * @since 0.1.0
 * @category math
 */
export const closeBefore = (
  period: EffectivePeriod,
  nextFrom: LocalDate.LocalDate,
): Option.Option<EffectivePeriod> => {
  if (!LocalDate.isAfter(nextFrom, period.effectiveFrom)) return Option.none()
  const dayBefore = LocalDate.addDays(nextFrom, -1)
  if (period.effectiveTo !== undefined && !LocalDate.isAfter(period.effectiveTo, dayBefore)) {
    return Option.some(period)
  }
  return Option.some({ effectiveFrom: period.effectiveFrom, effectiveTo: dayBefore })
}
