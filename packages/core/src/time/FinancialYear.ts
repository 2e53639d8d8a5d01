/**
 * The Indian financial year (TIME-2): 1 April 00:00:00.000 to 31 March
 * 23:59:59.999 in the tenant's local time, labelled `yyyy-yy` (the year
 * containing 2024-02-10 is `2023-24`; 1999-2000 is `1999-00`).
 *
 * A financial year is its label, a branded string, so it can be stored,
 * printed on a number (`PJ/2023-24/000012`) and compared as text. The FY of
 * an instant is always taken in a time zone (TIME-1): DIGIT computed FYs from
 * the UTC calendar year, a bug we do not repeat.
 *
 * @since 0.1.0
 */
import { type DateTime, Result, Schema } from "effect"
import { fromProblems, problemsFromIssue, type ValidationFailed } from "../errors/ValidationFailed.js"
import { assert } from "../internal/assert.js"
import * as LocalDate from "./LocalDate.js"
import type { TimeZone } from "./TimeZone.js"

/**
 * The month a financial year starts in: April (TIME-2).
 *
 * @since 0.1.0
 * @category models
 */
export const startMonth = 4

/**
 * The smallest start year a label may carry: year 1, the first year a
 * `LocalDate` can hold, so the FY's first date (1 April) is a local date.
 *
 * @since 0.1.0
 * @category models
 */
export const startYearMin = 1

/**
 * The largest start year a label may carry: 9998, so the FY's last date
 * (31 March of the next year) is still a four-digit `LocalDate`.
 *
 * @since 0.1.0
 * @category models
 */
export const startYearMax = 9998

const shape = /^(\d{4})-(\d{2})$/

const problemOf = (label: string): string | undefined => {
  const match = shape.exec(label)
  if (match === null) return `"${label}" is not a financial year: write it yyyy-yy, for example 2023-24`
  const start = Number(match[1])
  if (start < startYearMin || start > startYearMax) {
    return `"${label}" starts in year ${start}; a financial year starts between ${startYearMin} and ${startYearMax}`
  }
  const suffix = String((start + 1) % 100).padStart(2, "0")
  return match[2] === suffix
    ? undefined
    : `"${label}" is not a financial year: the year after ${match[1]} ends in ${suffix}, so write ${match[1]}-${suffix}`
}

/**
 * A financial year as its `yyyy-yy` label; decoding checks that the
 * two-digit suffix is the year after the start year (`2023-24`, `1999-00`).
 *
 * @since 0.1.0
 * @category models
 */
export const FinancialYear = Schema.String.check(Schema.makeFilter(problemOf)).pipe(
  Schema.brand("FinancialYear"),
)

/**
 * @since 0.1.0
 * @category models
 */
export type FinancialYear = typeof FinancialYear.Type

/**
 * Decodes a label, reporting a `ValidationFailed` when it is not a
 * financial year.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromLabel = (label: string): Result.Result<FinancialYear, ValidationFailed> =>
  Result.mapError(Schema.decodeUnknownResult(FinancialYear)(label, { errors: "all" }), (error) => {
    const [first, ...rest] = problemsFromIssue(error.issue)
    assert(first !== undefined, "a failed decode has at least one problem")
    return fromProblems("financial year", [first, ...rest])
  })

/**
 * Decodes a label, throwing when it is not a financial year. For constants
 * and tests; decode input with `fromLabel` or the `FinancialYear` schema.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (label: string): FinancialYear => Schema.decodeUnknownSync(FinancialYear)(label)

/**
 * The financial year that starts on 1 April of `startYear`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStartYear = (startYear: number): FinancialYear => {
  assert(Number.isInteger(startYear), "a financial year starts in a whole year")
  assert(
    startYear >= startYearMin && startYear <= startYearMax,
    "the start year is within the supported range",
  )
  const suffix = String((startYear + 1) % 100).padStart(2, "0")
  return `${String(startYear).padStart(4, "0")}-${suffix}` as FinancialYear
}

/**
 * The calendar year in which the financial year starts (`2023-24` → 2023).
 *
 * @since 0.1.0
 * @category conversions
 */
export const startYear = (financialYear: FinancialYear): number => Number(financialYear.slice(0, 4))

/**
 * The label, `yyyy-yy`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const label = (financialYear: FinancialYear): string => financialYear

/**
 * The financial year a local date falls in (TIME-2): dates from 1 April
 * belong to the year that starts then, earlier dates to the one before.
 *
 * @since 0.1.0
 * @category conversions
 */
export const ofDate = (date: LocalDate.LocalDate): FinancialYear => {
  const { year, month } = LocalDate.toParts(date)
  return fromStartYear(month >= startMonth ? year : year - 1)
}

/**
 * The financial year of an instant, taken in the tenant's time zone (TIME-1,
 * TIME-2): 2024-03-31T19:00Z is 1 April in India, so it is in `2024-25`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const ofInstant = (instant: DateTime.Utc, timeZone: TimeZone): FinancialYear =>
  ofDate(LocalDate.fromInstant(instant, timeZone))

/**
 * The first day of the financial year, 1 April.
 *
 * @since 0.1.0
 * @category conversions
 */
export const firstDate = (financialYear: FinancialYear): LocalDate.LocalDate =>
  LocalDate.fromParts({ year: startYear(financialYear), month: startMonth, day: 1 })

/**
 * The last day of the financial year, 31 March of the next calendar year.
 *
 * @since 0.1.0
 * @category conversions
 */
export const lastDate = (financialYear: FinancialYear): LocalDate.LocalDate =>
  LocalDate.fromParts({ year: startYear(financialYear) + 1, month: 3, day: 31 })

/**
 * The instant the financial year begins: 1 April 00:00:00.000 local.
 *
 * @since 0.1.0
 * @category conversions
 */
export const startInstant = (financialYear: FinancialYear, timeZone: TimeZone): DateTime.Utc =>
  LocalDate.startInstant(firstDate(financialYear), timeZone)

/**
 * The last instant of the financial year: 31 March 23:59:59.999 local.
 *
 * @since 0.1.0
 * @category conversions
 */
export const endInstant = (financialYear: FinancialYear, timeZone: TimeZone): DateTime.Utc =>
  LocalDate.endInstant(lastDate(financialYear), timeZone)

/**
 * Whether a local date falls in the financial year (both ends included).
 *
 * @since 0.1.0
 * @category predicates
 */
export const contains = (financialYear: FinancialYear, date: LocalDate.LocalDate): boolean =>
  ofDate(date) === financialYear

/**
 * The financial year after this one.
 *
 * @since 0.1.0
 * @category math
 */
export const next = (financialYear: FinancialYear): FinancialYear =>
  fromStartYear(startYear(financialYear) + 1)

/**
 * The financial year before this one.
 *
 * @since 0.1.0
 * @category math
 */
export const previous = (financialYear: FinancialYear): FinancialYear =>
  fromStartYear(startYear(financialYear) - 1)

/**
 * Orders two financial years: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: FinancialYear, right: FinancialYear): -1 | 0 | 1 =>
  left < right ? -1 : left > right ? 1 : 0
