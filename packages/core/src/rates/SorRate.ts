/**
 * Effective-dated rates of SORs (RATE-1..5): one record per window, holding
 * an amount per head; the rate is Σ heads at the tenant's rate-analysis scale.
 * Windows of one SOR never overlap (RATE-2): a rate effective from D closes
 * the open one on D − 1 (`Time.EffectivePeriod.closeBefore`), and a new rate
 * may not start on or before the current rate's start (`RATE_BEFORE_CURRENT`).
 * The rate on a date is the unique window containing it (RATE-3); a
 * modification must change something and leaves the old version readable
 * (RATE-4). Works SORs get their rates from rate analysis, with labour cess
 * as an extra head (RATE-5).
 *
 * The calculators here are pure; `ScheduleOfRates` runs them over the ports.
 *
 * Decisions where the spec is silent: "the current rate" of RATE-2 is the
 * SOR's latest window; a new rate starting on the current rate's own start is
 * refused too (the current window would be empty), and is done by modifying
 * that rate instead (RATE-4). A modification may change the heads and the end
 * date, never the start; an end date reaching into the next window is
 * `RATE_WINDOW_OVERLAP`.
 *
 * @since 0.1.0
 */
import { Option, Result, Schema } from "effect"
import type { SorMasters, SorType } from "../config/TenantConfiguration.js"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Rate from "../money/Rate.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import * as LocalDate from "../time/LocalDate.js"
import { heads, isHead } from "./SorMasters.js"

/**
 * Most integer digits of one head amount (RATE-1): below ₹10 lakh per unit.
 *
 * @since 0.1.0
 * @category models
 */
export const headIntegerDigitsMax = 6

/**
 * Most decimal places of one head amount (RATE-1): paise.
 *
 * @since 0.1.0
 * @category models
 */
export const headPlacesMax = 2

/**
 * One head of a rate and its amount (LA 352).
 *
 * @since 0.1.0
 * @category models
 */
export const HeadAmount = Schema.Struct({ head: Schema.String, amount: Amount.Amount })

/**
 * @since 0.1.0
 * @category models
 */
export type HeadAmount = typeof HeadAmount.Type

/**
 * Where a rate came from: entered by a clerk (M, L, E) or produced by rate
 * analysis (W, RATE-5).
 *
 * @since 0.1.0
 * @category models
 */
export const RateSource = Schema.Literals(["entered", "rateAnalysis"])

/**
 * A stored rate window of one SOR.
 *
 * @since 0.1.0
 * @category models
 */
export const SorRate = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  sorId: EntityId,
  sorCode: HumanNumber,
  heads: Schema.Array(HeadAmount),
  /** Σ heads, rounded to the tenant's rate-analysis scale (RATE-1). */
  rate: Amount.Amount,
  effectivePeriod: EffectivePeriod.EffectivePeriod,
  source: RateSource,
  /** The rate analysis that produced a works rate (RATE-5). */
  analysisCode: Schema.optionalKey(Schema.String),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SorRate = typeof SorRate.Type

/**
 * Problem codes of rate heads and windows (RATE-1, RATE-4, RATE-5).
 *
 * @since 0.1.0
 * @category errors
 */
export const rateProblemCodes = {
  headsEmpty: "RATE_HEADS_EMPTY",
  headUnknown: "RATE_HEAD_UNKNOWN",
  headDuplicate: "RATE_HEAD_DUPLICATE",
  headIntegerDigitsExceeded: "RATE_HEAD_INTEGER_DIGITS_EXCEEDED",
  headPlacesExceeded: "RATE_HEAD_PLACES_EXCEEDED",
  labourCessWorksOnly: "LABOUR_CESS_WORKS_ONLY",
  windowOverlap: "RATE_WINDOW_OVERLAP",
  effectiveToBeforeFrom: EffectivePeriod.effectiveToBeforeFromCode,
} as const

const amountProblems = (entry: HeadAmount, field: string): ReadonlyArray<FieldProblem> => [
  ...(entry.amount.decimalPlaces() > headPlacesMax
    ? [
        {
          field,
          code: rateProblemCodes.headPlacesExceeded,
          message: `enter ${entry.head} with at most ${headPlacesMax} decimal places`,
          limit: String(headPlacesMax),
        },
      ]
    : []),
  ...(entry.amount.greaterThanOrEqualTo(10 ** headIntegerDigitsMax)
    ? [
        {
          field,
          code: rateProblemCodes.headIntegerDigitsExceeded,
          message: `${entry.head} has more than ${headIntegerDigitsMax} digits before the decimal point; check the figure`,
          limit: String(headIntegerDigitsMax),
        },
      ]
    : []),
]

const headProblem = (
  options: { readonly masters: SorMasters; readonly sorType: SorType },
  entry: HeadAmount,
  field: string,
): ReadonlyArray<FieldProblem> => {
  if (!isHead(options.masters, entry.head)) {
    return [
      {
        field: `${field}.head`,
        code: rateProblemCodes.headUnknown,
        message: `${entry.head} is not a rate head of this tenant; choose one of ${options.masters.heads.map((head) => head.code).join(", ")}`,
      },
    ]
  }
  return entry.head === heads.labourCess && options.sorType !== "W"
    ? [
        {
          field: `${field}.head`,
          code: rateProblemCodes.labourCessWorksOnly,
          message: "labour cess (LC) is a head of works rates only; remove it",
        },
      ]
    : amountProblems(entry, `${field}.amount`)
}

/**
 * Every problem with a rate's heads (RATE-1): none given, an unknown or
 * repeated head, LC on a non-works SOR, more than 6 integer digits or 2
 * places.
 *
 * @since 0.1.0
 * @category predicates
 */
export const headsProblems = (options: {
  readonly masters: SorMasters
  readonly sorType: SorType
  readonly heads: ReadonlyArray<HeadAmount>
}): ReadonlyArray<FieldProblem> => {
  if (options.heads.length === 0) {
    return [
      { field: "heads", code: rateProblemCodes.headsEmpty, message: "enter the amount of at least one head" },
    ]
  }
  return options.heads.flatMap((entry, index) => [
    ...headProblem(options, entry, `heads[${index}]`),
    ...(options.heads.findIndex((other) => other.head === entry.head) < index
      ? [
          {
            field: `heads[${index}].head`,
            code: rateProblemCodes.headDuplicate,
            message: `${entry.head} is entered twice; enter each head once`,
          },
        ]
      : []),
  ])
}

/**
 * The rate of a set of heads (RATE-1): Σ heads rounded half away from zero to
 * `scale`.
 *
 * @since 0.1.0
 * @category math
 */
export const rateOf = (options: {
  readonly heads: ReadonlyArray<HeadAmount>
  readonly scale: Scale
}): Amount.Amount =>
  Rounding.round(Amount.sum(options.heads.map((entry) => entry.amount)), {
    scale: options.scale,
    mode: "halfAwayFromZero",
  })

/**
 * The rate as a `Money.Rate` (rupees per rate-defined-for quantity), for
 * line amounts.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toRate = (sorRate: SorRate): Rate.Rate => Rate.makeUnsafe(Amount.toCanonicalString(sorRate.rate))

/**
 * Whether two head lists hold the same amount for every head, in any order.
 *
 * @since 0.1.0
 * @category predicates
 */
export const haveSameHeads = (left: ReadonlyArray<HeadAmount>, right: ReadonlyArray<HeadAmount>): boolean =>
  left.length === right.length &&
  left.every((entry) =>
    right.some((other) => other.head === entry.head && Amount.equals(other.amount, entry.amount)),
  )

/**
 * The windows of one SOR in order of start date (RATE-4 history).
 *
 * @since 0.1.0
 * @category conversions
 */
export const inOrder = (windows: ReadonlyArray<SorRate>): ReadonlyArray<SorRate> =>
  [...windows].sort((left, right) =>
    LocalDate.compare(left.effectivePeriod.effectiveFrom, right.effectivePeriod.effectiveFrom),
  )

/**
 * A new rate may not start on or before the current rate's start (RATE-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class RateBeforeCurrent extends Schema.TaggedError<RateBeforeCurrent>(
  "@karya/core/rates/RateBeforeCurrent",
)("RateBeforeCurrent", {
  sorCode: Schema.String,
  effectiveFrom: Schema.String,
  currentEffectiveFrom: Schema.String,
}) {
  static readonly code = "RATE_BEFORE_CURRENT"
  static readonly category = "rule"
  readonly code = RateBeforeCurrent.code
  readonly category = RateBeforeCurrent.category
  readonly retryable = false
  override get message(): string {
    return `A new rate of ${this.sorCode} must start after ${this.currentEffectiveFrom}, when the current rate starts, not on ${this.effectiveFrom}; choose a later date or modify the current rate.`
  }
}

/**
 * No rate window of the SOR contains the date (RATE-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class NoRateForDate extends Schema.TaggedError<NoRateForDate>("@karya/core/rates/NoRateForDate")(
  "NoRateForDate",
  { sorCode: Schema.String, date: Schema.String },
) {
  static readonly code = "NO_RATE_FOR_DATE"
  static readonly category = "rule"
  readonly code = NoRateForDate.code
  readonly category = NoRateForDate.category
  readonly retryable = false
  override get message(): string {
    return `${this.sorCode} has no rate in force on ${this.date}; enter a rate covering that date or choose another item.`
  }
}

/**
 * A modification that changes nothing (RATE-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class RateUnchanged extends Schema.TaggedError<RateUnchanged>("@karya/core/rates/RateUnchanged")(
  "RateUnchanged",
  { sorCode: Schema.String, effectiveFrom: Schema.String },
) {
  static readonly code = "RATE_UNCHANGED"
  static readonly category = "rule"
  readonly code = RateUnchanged.code
  readonly category = RateUnchanged.category
  readonly retryable = false
  override get message(): string {
    return `The rate of ${this.sorCode} from ${this.effectiveFrom} already has these heads and end date; change a head or the end date, or leave it as it is.`
  }
}

/**
 * What adding a window does (RATE-2): the latest window closed the day before
 * (its next version, when it had to change) and the new window.
 *
 * @since 0.1.0
 * @category models
 */
export interface WindowPlan {
  readonly closed: Option.Option<SorRate>
  readonly period: EffectivePeriod.EffectivePeriod
}

/**
 * Plans a new window effective from `effectiveFrom` (RATE-2): it must start
 * after the latest window's start; the latest window is closed on the day
 * before if it runs into the new one.
 *
 * @since 0.1.0
 * @category math
 */
export const planWindow = (options: {
  readonly sorCode: string
  readonly windows: ReadonlyArray<SorRate>
  readonly period: EffectivePeriod.EffectivePeriod
}): Result.Result<WindowPlan, RateBeforeCurrent> => {
  const latest = inOrder(options.windows).at(-1)
  if (latest === undefined) return Result.succeed({ closed: Option.none(), period: options.period })
  const { effectiveFrom } = options.period
  const closedPeriod = EffectivePeriod.closeBefore(latest.effectivePeriod, effectiveFrom)
  if (Option.isNone(closedPeriod)) {
    return Result.fail(
      new RateBeforeCurrent({
        sorCode: options.sorCode,
        effectiveFrom,
        currentEffectiveFrom: latest.effectivePeriod.effectiveFrom,
      }),
    )
  }
  const closed =
    closedPeriod.value === latest.effectivePeriod
      ? Option.none()
      : Option.some({ ...latest, effectivePeriod: closedPeriod.value, version: latest.version + 1 })
  return Result.succeed({ closed, period: options.period })
}

/**
 * The rate on a date (RATE-3): the unique window containing it, or
 * `NO_RATE_FOR_DATE` naming the SOR and the date.
 *
 * @since 0.1.0
 * @category math
 */
export const rateOn = (options: {
  readonly sorCode: string
  readonly windows: ReadonlyArray<SorRate>
  readonly date: LocalDate.LocalDate
}): Result.Result<SorRate, NoRateForDate> => {
  const containing = options.windows.filter((window) =>
    EffectivePeriod.containsDate(window.effectivePeriod, options.date),
  )
  assert(containing.length <= 1, "the windows of one SOR never overlap (RATE-2)")
  const [found] = containing
  return found === undefined
    ? Result.fail(new NoRateForDate({ sorCode: options.sorCode, date: options.date }))
    : Result.succeed(found)
}

/**
 * Whether no two windows of a list overlap (RATE-2).
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasNoOverlap = (windows: ReadonlyArray<SorRate>): boolean =>
  windows.every((window, index) =>
    windows
      .slice(index + 1)
      .every((other) => !EffectivePeriod.overlaps(window.effectivePeriod, other.effectivePeriod)),
  )

const endProblems = (
  existing: SorRate,
  options: { readonly windows: ReadonlyArray<SorRate>; readonly period: EffectivePeriod.EffectivePeriod },
): ReadonlyArray<FieldProblem> => {
  const { period } = options
  if (period.effectiveTo !== undefined && LocalDate.isBefore(period.effectiveTo, period.effectiveFrom)) {
    return [
      {
        field: "effectiveTo",
        code: rateProblemCodes.effectiveToBeforeFrom,
        message: `end the rate on or after its start, ${period.effectiveFrom}`,
      },
    ]
  }
  const clash = options.windows.find(
    (other) => other.id !== existing.id && EffectivePeriod.overlaps(other.effectivePeriod, period),
  )
  return clash === undefined
    ? []
    : [
        {
          field: "effectiveTo",
          code: rateProblemCodes.windowOverlap,
          message: `the rate from ${clash.effectivePeriod.effectiveFrom} already covers these dates; end this rate before ${clash.effectivePeriod.effectiveFrom}`,
        },
      ]
}

/**
 * Problems with a modified window's end date: before its start, or reaching
 * into another window (RATE-2, RATE-4).
 *
 * @since 0.1.0
 * @category predicates
 */
export const modifiedWindowProblems = endProblems
