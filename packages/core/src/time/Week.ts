/**
 * A week of local dates, Monday to Sunday in the tenant's time zone (TIME-4).
 * Attendance registers and muster rolls are kept per week.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { assert } from "../internal/assert.js"
import * as LocalDate from "./LocalDate.js"

/**
 * Days in a week, Monday to Sunday.
 *
 * @since 0.1.0
 * @category models
 */
export const daysPerWeek = 7

const lastDateOf = (firstDate: LocalDate.LocalDate): LocalDate.LocalDate =>
  LocalDate.addDays(firstDate, daysPerWeek - 1)

/**
 * A week: its Monday (`firstDate`) and its Sunday (`lastDate`). Decoding
 * checks that `firstDate` is a Monday and `lastDate` the Sunday after it.
 *
 * @since 0.1.0
 * @category models
 */
export const Week = Schema.Struct({
  /** The Monday that opens the week. */
  firstDate: LocalDate.LocalDate,
  /** The Sunday that closes the week. */
  lastDate: LocalDate.LocalDate,
}).check(
  Schema.makeFilter((week) => {
    if (LocalDate.dayOfWeek(week.firstDate) !== 1) {
      return { path: ["firstDate"], issue: `${week.firstDate} is not a Monday; a week starts on a Monday` }
    }
    const sunday = lastDateOf(week.firstDate)
    return week.lastDate === sunday
      ? undefined
      : { path: ["lastDate"], issue: `a week that starts on ${week.firstDate} ends on Sunday ${sunday}` }
  }),
)

/**
 * @since 0.1.0
 * @category models
 */
export type Week = typeof Week.Type

/**
 * Whether a local date is a Monday.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isMonday = (date: LocalDate.LocalDate): boolean => LocalDate.dayOfWeek(date) === 1

/**
 * The week a local date falls in (TIME-4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const weekOf = (date: LocalDate.LocalDate): Week => {
  const firstDate = LocalDate.addDays(date, 1 - LocalDate.dayOfWeek(date))
  return { firstDate, lastDate: lastDateOf(firstDate) }
}

/**
 * The seven dates of a week, Monday first.
 *
 * @since 0.1.0
 * @category conversions
 */
export const datesOf = (week: Week): ReadonlyArray<LocalDate.LocalDate> => {
  const dates = Array.from({ length: daysPerWeek }, (_, index) => LocalDate.addDays(week.firstDate, index))
  assert(dates[daysPerWeek - 1] === week.lastDate, "the seventh date of a week is its Sunday")
  return dates
}

/**
 * Whether a local date falls in the week.
 *
 * @since 0.1.0
 * @category predicates
 */
export const containsDate = (week: Week, date: LocalDate.LocalDate): boolean =>
  !LocalDate.isBefore(date, week.firstDate) && !LocalDate.isAfter(date, week.lastDate)

/**
 * The week after this one.
 *
 * @since 0.1.0
 * @category math
 */
export const next = (week: Week): Week => weekOf(LocalDate.addDays(week.firstDate, daysPerWeek))

/**
 * The week before this one.
 *
 * @since 0.1.0
 * @category math
 */
export const previous = (week: Week): Week => weekOf(LocalDate.addDays(week.firstDate, -daysPerWeek))
