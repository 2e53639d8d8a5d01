/**
 * A calendar date in a tenant's time zone (TIME-1, TIME-5), written
 * `yyyy-MM-dd`. Business dates (effective dates, SLA days, weeks, financial
 * years) are local dates; arithmetic on them is calendar arithmetic and
 * never passes through an instant, so it cannot drift across midnight.
 *
 * @since 0.1.0
 */
import { TZDate } from "@date-fns/tz"
import { addDays as addCalendarDays, getISODay } from "date-fns"
import { DateTime, Schema } from "effect"
import { assert } from "../internal/assert.js"
import type { TimeZone } from "./TimeZone.js"

const shape = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * @since 0.1.0
 * @category models
 */
export interface LocalDateParts {
  readonly year: number
  /** 1 = January … 12 = December. */
  readonly month: number
  readonly day: number
}

const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

const partsOf = (text: string): LocalDateParts | undefined => {
  const match = shape.exec(text)
  if (match === null) return undefined
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  if (parts.year < 1 || parts.month < 1 || parts.month > 12) return undefined
  if (parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return undefined
  return parts
}

/**
 * A local date as a `yyyy-MM-dd` string; decoding refuses impossible dates
 * such as `2023-02-29`.
 *
 * @since 0.1.0
 * @category models
 */
export const LocalDate = Schema.String.check(
  Schema.makeFilter((text: string) =>
    partsOf(text) === undefined ? `"${text}" is not a calendar date written yyyy-MM-dd` : undefined,
  ),
).pipe(Schema.brand("LocalDate"))

/**
 * @since 0.1.0
 * @category models
 */
export type LocalDate = typeof LocalDate.Type

const pad = (value: number, width: number): string => String(value).padStart(width, "0")

/**
 * Builds a local date from its parts; the parts must form a real date.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromParts = (parts: LocalDateParts): LocalDate => {
  const text = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`
  assert(partsOf(text) !== undefined, `${text} is a calendar date`)
  return text as LocalDate
}

/**
 * Decodes `yyyy-MM-dd`, throwing on anything else. For constants and tests;
 * decode input with the `LocalDate` schema instead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): LocalDate => Schema.decodeUnknownSync(LocalDate)(text)

/**
 * The year, month (1–12) and day of a local date.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toParts = (date: LocalDate): LocalDateParts => {
  const parts = partsOf(date)
  assert(parts !== undefined, "a LocalDate always has valid parts")
  return parts
}

// Calendar arithmetic runs on a UTC calendar, which has no daylight saving,
// so adding days can never move across midnight (TIME-5).
const toUtcCalendar = (date: LocalDate): TZDate => {
  const { year, month, day } = toParts(date)
  return new TZDate(year, month - 1, day, "UTC")
}

const fromCalendar = (calendar: Date): LocalDate =>
  fromParts({ year: calendar.getFullYear(), month: calendar.getMonth() + 1, day: calendar.getDate() })

/**
 * The date `days` calendar days after (or, when negative, before) `date`.
 *
 * @since 0.1.0
 * @category math
 */
export const addDays = (date: LocalDate, days: number): LocalDate => {
  assert(Number.isInteger(days), "days to add is a whole number")
  return fromCalendar(addCalendarDays(toUtcCalendar(date), days))
}

/**
 * Calendar days from `from` to `to`: positive when `to` is later.
 *
 * @since 0.1.0
 * @category math
 */
export const daysBetween = (span: { readonly from: LocalDate; readonly to: LocalDate }): number =>
  dayNumber(toParts(span.to)) - dayNumber(toParts(span.from))

// Days since 0000-03-01 on the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil): whole-number arithmetic, no instant, no time zone.
const dayNumber = ({ year, month, day }: LocalDateParts): number => {
  const shifted = month <= 2 ? year - 1 : year
  const era = Math.floor(shifted / 400)
  const yearOfEra = shifted - era * 400
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra
}

/**
 * ISO day of the week: 1 = Monday … 7 = Sunday (TIME-4).
 *
 * @since 0.1.0
 * @category conversions
 */
export const dayOfWeek = (date: LocalDate): 1 | 2 | 3 | 4 | 5 | 6 | 7 =>
  getISODay(toUtcCalendar(date)) as 1 | 2 | 3 | 4 | 5 | 6 | 7

/**
 * Orders two dates: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: LocalDate, right: LocalDate): -1 | 0 | 1 =>
  left < right ? -1 : left > right ? 1 : 0

/**
 * @since 0.1.0
 * @category predicates
 */
export const isBefore = (date: LocalDate, other: LocalDate): boolean => date < other

/**
 * @since 0.1.0
 * @category predicates
 */
export const isAfter = (date: LocalDate, other: LocalDate): boolean => date > other

/**
 * The local date of an instant in a time zone (TIME-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromInstant = (instant: DateTime.Utc, timeZone: TimeZone): LocalDate =>
  fromCalendar(new TZDate(DateTime.toEpochMillis(instant), timeZone))

/**
 * The instant a local date begins: 00:00:00.000 local (TIME-3, effective-from).
 *
 * @since 0.1.0
 * @category conversions
 */
export const startInstant = (date: LocalDate, timeZone: TimeZone): DateTime.Utc => {
  const { year, month, day } = toParts(date)
  return DateTime.makeUnsafe(new TZDate(year, month - 1, day, 0, 0, 0, 0, timeZone).getTime())
}

/**
 * The last instant of a local date: 23:59:59.999 local (TIME-3, effective-to).
 *
 * @since 0.1.0
 * @category conversions
 */
export const endInstant = (date: LocalDate, timeZone: TimeZone): DateTime.Utc => {
  const { year, month, day } = toParts(date)
  return DateTime.makeUnsafe(new TZDate(year, month - 1, day, 23, 59, 59, 999, timeZone).getTime())
}
