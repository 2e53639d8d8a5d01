/**
 * Work-order milestones (WO-8, an optional feature of base Works): a
 * contract may list milestones, each a percentage of completion with start
 * and end dates; when it lists any, their percentages sum to exactly 100
 * (`MILESTONES_NOT_100`). A final bill needs every milestone complete
 * (`areAllMilestonesComplete`, read by the bills module, BILL-C-1).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { KaryaDecimal, plusExact } from "../internal/Decimal.js"
import * as Percentage from "../money/Percentage.js"
import * as LocalDate from "../time/LocalDate.js"

/**
 * The most milestones one work order may list: a contract's phases, not a
 * task list; more belong in a project schedule.
 *
 * @since 0.1.0
 * @category models
 */
export const milestonesPerWorkOrderMax = 20

/**
 * Problem code: more milestones than `milestonesPerWorkOrderMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const milestonesTooManyCode = "MILESTONES_TOO_MANY"

/**
 * Problem code: a milestone of 0%.
 *
 * @since 0.1.0
 * @category errors
 */
export const milestonePercentageZeroCode = "MILESTONE_PERCENTAGE_ZERO"

/**
 * Problem code: a milestone ending before it starts.
 *
 * @since 0.1.0
 * @category errors
 */
export const milestoneDatesReversedCode = "MILESTONE_DATES_REVERSED"

/**
 * One milestone: a share of the work to complete between two dates, and the
 * date it was completed once it is.
 *
 * @since 0.1.0
 * @category models
 */
export const Milestone = Schema.Struct({
  description: Schema.NonEmptyString,
  percentage: Percentage.Percentage,
  startDate: LocalDate.LocalDate,
  endDate: LocalDate.LocalDate,
  completedOn: Schema.optionalKey(LocalDate.LocalDate),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Milestone = typeof Milestone.Type

const hundred = new KaryaDecimal(100)

/**
 * The milestones' percentages do not sum to exactly 100 (WO-8).
 *
 * @since 0.1.0
 * @category errors
 */
// The class name keeps `_100` so that the code derived from it (ERR-1) is MILESTONES_NOT_100.
export class MilestonesNot100 extends Schema.TaggedError<MilestonesNot100>(
  "@karya/core/contracts/MilestonesNot100",
)("MilestonesNot100", {
  /** The sum of the milestones' percentages, a decimal string. */
  total: Schema.String,
}) {
  static readonly code = "MILESTONES_NOT_100"
  static readonly category = "rule"
  readonly code = MilestonesNot100.code
  readonly category = MilestonesNot100.category
  readonly retryable = false
  override get message(): string {
    return `The milestones add up to ${this.total}% of the work; adjust their percentages so they add up to exactly 100%.`
  }
}

/**
 * The field problems of a list of milestones, with paths `milestones[i]…`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const milestoneProblems = (milestones: ReadonlyArray<Milestone>): ReadonlyArray<FieldProblem> => {
  if (milestones.length > milestonesPerWorkOrderMax) {
    return [
      {
        field: "milestones",
        code: milestonesTooManyCode,
        message: `list at most ${milestonesPerWorkOrderMax} milestones`,
        limit: String(milestonesPerWorkOrderMax),
      },
    ]
  }
  return milestones.flatMap((milestone, index) => [
    ...(Percentage.isZero(milestone.percentage)
      ? [
          {
            field: `milestones[${index}].percentage`,
            code: milestonePercentageZeroCode,
            message: "a milestone must be more than 0% of the work; remove it or give it a share",
          },
        ]
      : []),
    ...(LocalDate.isBefore(milestone.endDate, milestone.startDate)
      ? [
          {
            field: `milestones[${index}].endDate`,
            code: milestoneDatesReversedCode,
            message: `the end date ${milestone.endDate} is before the start date ${milestone.startDate}`,
          },
        ]
      : []),
  ])
}

/**
 * The sum of the milestones' percentages, exact.
 *
 * @since 0.1.0
 * @category math
 */
export const totalPercentage = (milestones: ReadonlyArray<Milestone>): Percentage.Percentage =>
  milestones.reduce(
    (total, milestone) => plusExact(total, milestone.percentage),
    new KaryaDecimal(0),
  ) as Percentage.Percentage

/**
 * Succeeds when the order lists no milestones or their percentages sum to
 * exactly 100 (WO-8).
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkTotal = (milestones: ReadonlyArray<Milestone>): Result.Result<void, MilestonesNot100> => {
  const total = totalPercentage(milestones)
  return milestones.length === 0 || total.equals(hundred)
    ? Result.void
    : Result.fail(new MilestonesNot100({ total: Percentage.toCanonicalString(total) }))
}

/**
 * Whether every milestone is complete (true when there are none), as a
 * final bill requires (WO-8).
 *
 * @since 0.1.0
 * @category predicates
 */
export const areAllMilestonesComplete = (milestones: ReadonlyArray<Milestone>): boolean =>
  milestones.every((milestone) => milestone.completedOn !== undefined)
