/**
 * The only way Karya's core reads "now" (TIME-1, ARCH-1): the current instant
 * comes from Effect's `Clock` service, never `Date.now()` or `new Date()`, so
 * tests control time with `TestClock`. Business dates derived from it are
 * taken in the tenant's time zone.
 *
 * @since 0.1.0
 */
import { Clock, DateTime, Effect } from "effect"
import * as FinancialYear from "./FinancialYear.js"
import * as LocalDate from "./LocalDate.js"
import type { TimeZone } from "./TimeZone.js"

/**
 * The current instant, in UTC, read from the `Clock` service.
 *
 * @since 0.1.0
 * @category constructors
 */
export const currentInstant: Effect.Effect<DateTime.Utc> = Effect.map(Clock.currentTimeMillis, (millis) =>
  DateTime.makeUnsafe(millis),
)

/**
 * Today's local date in the tenant's time zone (TIME-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const today = (timeZone: TimeZone): Effect.Effect<LocalDate.LocalDate> =>
  Effect.map(currentInstant, (instant) => LocalDate.fromInstant(instant, timeZone))

/**
 * The financial year in progress in the tenant's time zone (TIME-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const currentFinancialYear = (timeZone: TimeZone): Effect.Effect<FinancialYear.FinancialYear> =>
  Effect.map(currentInstant, (instant) => FinancialYear.ofInstant(instant, timeZone))
