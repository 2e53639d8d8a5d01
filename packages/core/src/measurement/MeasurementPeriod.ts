/**
 * The period and date of a measurement entry (MB-2). Periods follow the
 * muster-roll weeks (TIME-4): the first entry starts on the book's (the
 * order's) start date, each next one the day after the last approved
 * entry's end; an entry ends on a Sunday, the last day of a muster-roll week,
 * or on the book's end date; and it never ends after the book's end date
 * unless the tenant allows measurement after the end. The entry date (when
 * the measurements were taken) is neither in the future nor before the
 * book's start.
 *
 * Decisions where the spec is silent: an entry may span several whole weeks;
 * a rejected entry leaves its period unmeasured, so the next entry starts
 * where it started. The periods break no rule with a coded error of its own,
 * so they are reported as field problems of `VALIDATION_FAILED`.
 *
 * @since 0.1.0
 */

import type { MeasurementAfterEnd } from "../config/TenantConfiguration.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as LocalDate from "../time/LocalDate.js"
import type { MeasurementBook } from "./MeasurementBook.js"
import { type MeasurementEntry, statusOf } from "./MeasurementEntry.js"

/**
 * Problem code: the period ends before it starts.
 *
 * @since 0.1.0
 * @category errors
 */
export const periodEndBeforeStartCode = "PERIOD_END_BEFORE_START"

/**
 * Problem code: the period does not end on a Sunday nor on the book's end date.
 *
 * @since 0.1.0
 * @category errors
 */
export const periodEndNotWeekEndCode = "PERIOD_END_NOT_WEEK_END"

/**
 * Problem code: the period ends after the book's end date.
 *
 * @since 0.1.0
 * @category errors
 */
export const periodAfterOrderEndCode = "PERIOD_AFTER_ORDER_END"

/**
 * Problem code: the entry date is after today.
 *
 * @since 0.1.0
 * @category errors
 */
export const entryDateInFutureCode = "ENTRY_DATE_IN_FUTURE"

/**
 * Problem code: the entry date is before the book's start date.
 *
 * @since 0.1.0
 * @category errors
 */
export const entryDateBeforeBookStartCode = "ENTRY_DATE_BEFORE_BOOK_START"

const sunday = 7

/**
 * The first day of the next entry's period (MB-2): the book's start date, or
 * the day after the latest approved entry's end.
 *
 * @since 0.1.0
 * @category constructors
 */
export const nextPeriodStart = (
  book: Pick<MeasurementBook, "startDate">,
  entries: ReadonlyArray<MeasurementEntry>,
): LocalDate.LocalDate => {
  const ends = entries.filter((entry) => statusOf(entry) === "approved").map((entry) => entry.periodEnd)
  const latest = ends.reduce<LocalDate.LocalDate | undefined>(
    (last, end) => (last === undefined || LocalDate.isAfter(end, last) ? end : last),
    undefined,
  )
  return latest === undefined ? book.startDate : LocalDate.addDays(latest, 1)
}

const periodEndProblems = (request: {
  readonly book: Pick<MeasurementBook, "endDate">
  readonly periodStart: LocalDate.LocalDate
  readonly periodEnd: LocalDate.LocalDate
  readonly measurementAfterEnd: MeasurementAfterEnd
}): ReadonlyArray<FieldProblem> => {
  const field = "periodEnd"
  const { book, periodStart, periodEnd } = request
  if (LocalDate.isBefore(periodEnd, periodStart)) {
    const message = `the period starts on ${periodStart}; end it on or after that date`
    return [{ field, code: periodEndBeforeStartCode, message }]
  }
  const problems: Array<FieldProblem> = []
  if (request.measurementAfterEnd === "refused" && LocalDate.isAfter(periodEnd, book.endDate)) {
    const message = `the work order ends on ${book.endDate}; end the period on or before that date`
    problems.push({ field, code: periodAfterOrderEndCode, message, limit: book.endDate })
  }
  if (LocalDate.dayOfWeek(periodEnd) !== sunday && periodEnd !== book.endDate) {
    const message = `${periodEnd} is not the end of a muster-roll week; end the period on a Sunday or on the order's end date ${book.endDate}`
    problems.push({ field, code: periodEndNotWeekEndCode, message })
  }
  return problems
}

const entryDateProblems = (request: {
  readonly book: Pick<MeasurementBook, "startDate">
  readonly entryDate: LocalDate.LocalDate
  readonly today: LocalDate.LocalDate
}): ReadonlyArray<FieldProblem> => {
  const field = "entryDate"
  if (LocalDate.isAfter(request.entryDate, request.today)) {
    const message = `${request.entryDate} is in the future; enter the date the measurements were taken`
    return [{ field, code: entryDateInFutureCode, message, limit: request.today }]
  }
  if (LocalDate.isBefore(request.entryDate, request.book.startDate)) {
    const message = `the measurement book starts on ${request.book.startDate}; the entry date cannot be earlier`
    return [{ field, code: entryDateBeforeBookStartCode, message, limit: request.book.startDate }]
  }
  return []
}

/**
 * Every problem of an entry's period and date (MB-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const periodProblems = (request: {
  readonly book: Pick<MeasurementBook, "startDate" | "endDate">
  readonly periodStart: LocalDate.LocalDate
  readonly periodEnd: LocalDate.LocalDate
  readonly entryDate: LocalDate.LocalDate
  readonly today: LocalDate.LocalDate
  readonly measurementAfterEnd: MeasurementAfterEnd
}): ReadonlyArray<FieldProblem> => [...periodEndProblems(request), ...entryDateProblems(request)]
