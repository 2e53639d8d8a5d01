/**
 * The day value of one attendee on one local day (ATT-5): take the first
 * ENTRY and the last EXIT of the day; if either is missing, or the exit is
 * not after the entry, the value is 0. Otherwise, with worked hours h:
 * - MUKTA (`roundOff` false): 1 when h ≥ `fullDayHours`, else 0.5;
 * - DIGIT's variant (`roundOff` true): 1 when h > `halfDayHours`, else 0.5.
 *
 * Worked hours are measured at the rule's resolution: `minute` reads each
 * time to the minute and takes the elapsed minutes between them;
 * `clock-hour` takes exit hour-of-day − entry hour-of-day, in the tenant's
 * time zone (DIGIT's measure). Log times are instants; the day a log belongs
 * to is its local date in the tenant's time zone (TIME-1).
 *
 * The rule is the tenant's `attendanceDayRule` (CONF-1); nothing here
 * assumes MUKTA's numbers.
 *
 * @since 0.1.0
 */
import { TZDate } from "@date-fns/tz"
import { DateTime } from "effect"
import type { AttendanceDayRule } from "../config/TenantConfiguration.js"
import * as Quantity from "../money/Quantity.js"
import type { TimeZone } from "../time/TimeZone.js"

/**
 * The day rule of a tenant (ATT-5).
 *
 * @since 0.1.0
 * @category models
 */
export type DayRule = typeof AttendanceDayRule.Type

/**
 * An absent day: 0.
 *
 * @since 0.1.0
 * @category constructors
 */
export const absentDay: Quantity.Quantity = Quantity.zero

/**
 * A half day: 0.5.
 *
 * @since 0.1.0
 * @category constructors
 */
export const halfDay: Quantity.Quantity = Quantity.makeUnsafe("0.5")

/**
 * A full day: 1.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fullDay: Quantity.Quantity = Quantity.makeUnsafe("1")

/**
 * The first entry and last exit of one attendee on one local day.
 *
 * @since 0.1.0
 * @category models
 */
export interface EntryAndExit {
  readonly firstEntry: DateTime.Utc | undefined
  readonly lastExit: DateTime.Utc | undefined
}

const millisPerMinute = 60_000
const minutesPerHour = 60

const localHourOf = (instant: DateTime.Utc, timeZone: TimeZone): number =>
  new TZDate(DateTime.toEpochMillis(instant), timeZone).getHours()

/**
 * Worked minutes between an entry and a later exit, at the rule's
 * resolution: elapsed whole minutes (`minute`) or whole clock hours in
 * minutes (`clock-hour`). Whole numbers, so comparisons are exact.
 *
 * @since 0.1.0
 * @category math
 */
export const workedMinutes = (options: {
  readonly entry: DateTime.Utc
  readonly exit: DateTime.Utc
  readonly hourResolution: DayRule["hourResolution"]
  readonly timeZone: TimeZone
}): number => {
  if (options.hourResolution === "clock-hour") {
    const hours = localHourOf(options.exit, options.timeZone) - localHourOf(options.entry, options.timeZone)
    return hours * minutesPerHour
  }
  const entryMinute = Math.floor(DateTime.toEpochMillis(options.entry) / millisPerMinute)
  const exitMinute = Math.floor(DateTime.toEpochMillis(options.exit) / millisPerMinute)
  return exitMinute - entryMinute
}

/**
 * The day value (ATT-5): 0, 0.5 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const dayValue = (
  day: EntryAndExit,
  options: { readonly rule: DayRule; readonly timeZone: TimeZone },
): Quantity.Quantity => {
  const { firstEntry, lastExit } = day
  if (firstEntry === undefined || lastExit === undefined) return absentDay
  if (DateTime.toEpochMillis(lastExit) <= DateTime.toEpochMillis(firstEntry)) return absentDay
  const minutes = workedMinutes({
    entry: firstEntry,
    exit: lastExit,
    hourResolution: options.rule.hourResolution,
    timeZone: options.timeZone,
  })
  const isFullDay = options.rule.roundOff
    ? minutes > options.rule.halfDayHours * minutesPerHour
    : minutes >= options.rule.fullDayHours * minutesPerHour
  return isFullDay ? fullDay : halfDay
}
