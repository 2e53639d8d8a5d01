/**
 * Overhead lines of an estimate (EST-3): computed from the tenant's overhead
 * masters in force on the estimate date (`Config.TenantConfiguration.
 * overheadsEffectiveOn`). A percentage overhead is base × value % rounded to
 * the estimate scale, where base = Σ SOR + Σ NON-SOR line amounts; an
 * auto-calculated lump sum is its value; a non-auto overhead takes the amount
 * the user entered. Zero overheads are dropped. They are recomputed whenever
 * the base changes (every edit prices the estimate again).
 *
 * Decisions where the spec is silent: an entered amount for an
 * auto-calculated overhead, or for a code not in force, is refused
 * (`OVERHEAD_AUTO_CALCULATED`, `OVERHEAD_UNKNOWN`); a non-auto percentage
 * overhead also takes the entered amount.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Overhead } from "../config/TenantConfiguration.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { KaryaDecimal, timesExact } from "../internal/Decimal.js"
import * as Amount from "../money/Amount.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"

/**
 * An overhead line of an estimate (EST-1, EST-3).
 *
 * @since 0.1.0
 * @category models
 */
export const OverheadLine = Schema.Struct({
  category: Schema.Literal("overhead"),
  code: Schema.String,
  description: Schema.String,
  accountHead: Schema.String,
  kind: Schema.Literals(["percentage", "lumpsum"]),
  /** The master's value: a percentage, or rupees for a lump sum. */
  value: Amount.Amount,
  isAutoCalculated: Schema.Boolean,
  isWorkOrderValue: Schema.Boolean,
  amount: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type OverheadLine = typeof OverheadLine.Type

/**
 * An amount a user entered for a non-auto overhead (REW).
 *
 * @since 0.1.0
 * @category models
 */
export const EnteredOverhead = Schema.Struct({ code: Schema.String, amount: Amount.Amount })

/**
 * @since 0.1.0
 * @category models
 */
export type EnteredOverhead = typeof EnteredOverhead.Type

/**
 * Problem codes of entered overheads (EST-3).
 *
 * @since 0.1.0
 * @category errors
 */
export const overheadProblemCodes = {
  unknown: "OVERHEAD_UNKNOWN",
  autoCalculated: "OVERHEAD_AUTO_CALCULATED",
  duplicate: "OVERHEAD_DUPLICATE",
  placesExceeded: "OVERHEAD_PLACES_EXCEEDED",
} as const

/**
 * Every problem with the entered overhead amounts: a code not in force, an
 * auto-calculated overhead, a code entered twice, more places than the scale.
 *
 * @since 0.1.0
 * @category predicates
 */
export const enteredProblems = (options: {
  readonly overheads: ReadonlyArray<Overhead>
  readonly entered: ReadonlyArray<EnteredOverhead>
  readonly scale: Scale
}): ReadonlyArray<FieldProblem> =>
  options.entered.flatMap((entry, index): ReadonlyArray<FieldProblem> => {
    const field = `overheads[${index}]`
    const master = options.overheads.find((overhead) => overhead.code === entry.code)
    if (master === undefined) {
      return [
        {
          field: `${field}.code`,
          code: overheadProblemCodes.unknown,
          message: `${entry.code} is not an overhead in force on the estimate date`,
        },
      ]
    }
    return [
      ...(master.isAutoCalculated
        ? [
            {
              field: `${field}.code`,
              code: overheadProblemCodes.autoCalculated,
              message: `${entry.code} is calculated by the system; remove the entered amount`,
            },
          ]
        : []),
      ...(options.entered.findIndex((other) => other.code === entry.code) < index
        ? [
            {
              field: `${field}.code`,
              code: overheadProblemCodes.duplicate,
              message: `${entry.code} is entered twice`,
            },
          ]
        : []),
      ...(entry.amount.decimalPlaces() > options.scale
        ? [
            {
              field: `${field}.amount`,
              code: overheadProblemCodes.placesExceeded,
              message: `enter the amount with at most ${options.scale} decimal places`,
              limit: String(options.scale),
            },
          ]
        : []),
    ]
  })

const hundredth = new KaryaDecimal("0.01")

const amountOf = (
  overhead: Overhead,
  options: {
    readonly base: Amount.Amount
    readonly entered: ReadonlyArray<EnteredOverhead>
    readonly scale: Scale
  },
): Amount.Amount => {
  if (!overhead.isAutoCalculated) {
    return options.entered.find((entry) => entry.code === overhead.code)?.amount ?? Amount.zero
  }
  if (overhead.kind === "lumpsum") return overhead.value
  const share = timesExact(timesExact(options.base, overhead.value), hundredth) as Amount.Amount
  return Rounding.round(share, { scale: options.scale, mode: "halfAwayFromZero" })
}

/**
 * The overhead lines of an estimate (EST-3), in the masters' order, zero
 * overheads dropped.
 *
 * @since 0.1.0
 * @category math
 */
export const overheadLines = (options: {
  readonly overheads: ReadonlyArray<Overhead>
  readonly base: Amount.Amount
  readonly entered: ReadonlyArray<EnteredOverhead>
  readonly scale: Scale
}): ReadonlyArray<OverheadLine> =>
  options.overheads.flatMap((overhead) => {
    const amount = amountOf(overhead, options)
    return Amount.isZero(amount)
      ? []
      : [
          {
            category: "overhead" as const,
            code: overhead.code,
            description: overhead.description,
            accountHead: overhead.accountHead,
            kind: overhead.kind,
            value: overhead.value,
            isAutoCalculated: overhead.isAutoCalculated,
            isWorkOrderValue: overhead.isWorkOrderValue,
            amount,
          },
        ]
  })
