/**
 * The line items of an estimate (EST-1, EST-2): SOR lines (an SOR at its rate
 * on the estimate date, not editable), NON-SOR lines (a free description,
 * unit and rate with 2 decimals) and their measurement rows; overhead lines
 * are in `EstimateOverhead`.
 *
 * Each SOR and NON-SOR line is measured by named plus and minus rows of N, L,
 * B, D: a row's quantity per QTY-2, the line's quantity per QTY-3 (both by
 * `Money.Measurement`), and its amount per QTY-4 at the tenant's estimate
 * scale.
 *
 * Decision (QTY-4 assumes a rate per one unit): an SOR whose rate is defined
 * for more than one unit (₹ per 1000 bricks) gives its line the amount rate ×
 * quantity ÷ that quantity, rounded once to the estimate scale.
 *
 * @since 0.1.0
 */
import { type Result, Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { timesExact } from "../internal/Decimal.js"
import * as Amount from "../money/Amount.js"
import * as Measurement from "../money/Measurement.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import type { RoundingScales } from "../money/Rounding.js"
import { divideRounded } from "../rates/RateAnalysis.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * Longest measurement row name in characters (EST-2): a short label such as
 * "Wall A ground floor".
 *
 * @since 0.1.0
 * @category models
 */
export const measurementNameLengthMax = 32

/**
 * Longest NON-SOR description in characters (EST-1).
 *
 * @since 0.1.0
 * @category models
 */
export const descriptionLengthMax = 2048

/**
 * Most decimal places of a NON-SOR rate (EST-1): paise.
 *
 * @since 0.1.0
 * @category models
 */
export const nonSorRatePlacesMax = 2

/**
 * Most measurement rows of one line: a detailed measurement longer than this
 * belongs in an attached sheet.
 *
 * @since 0.1.0
 * @category models
 */
export const measurementsPerLineMax = 200

/**
 * One named measurement row (EST-2); a minus row is a deduction.
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementEntry = Schema.Struct({
  name: Schema.String,
  sign: Schema.Literals(["plus", "minus"]),
  number: Schema.optionalKey(Measurement.MeasurementFactor),
  length: Schema.optionalKey(Measurement.MeasurementFactor),
  breadth: Schema.optionalKey(Measurement.MeasurementFactor),
  depth: Schema.optionalKey(Measurement.MeasurementFactor),
})

/**
 * @since 0.1.0
 * @category models
 */
export type MeasurementEntry = typeof MeasurementEntry.Type

const measuredFields = {
  id: EntityId,
  measurements: Schema.Array(MeasurementEntry),
  quantity: Quantity.Quantity,
  amount: Amount.Amount,
  /** The line of the previous version this line carries (EST-7). */
  previousLineId: Schema.optionalKey(EntityId),
}

/**
 * An SOR line: the SOR's rate on the estimate date, recorded with that date
 * (RATE-3).
 *
 * @since 0.1.0
 * @category models
 */
export const SorLine = Schema.Struct({
  category: Schema.Literal("sor"),
  sorId: EntityId,
  sorCode: HumanNumber,
  description: Schema.String,
  unit: Schema.String,
  rate: Rate.Rate,
  rateDate: LocalDate,
  rateDefinedForQuantity: Quantity.Quantity,
  ...measuredFields,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SorLine = typeof SorLine.Type

/**
 * A NON-SOR line: a free description, unit and user rate.
 *
 * @since 0.1.0
 * @category models
 */
export const NonSorLine = Schema.Struct({
  category: Schema.Literal("nonSor"),
  description: Schema.String,
  unit: Schema.String,
  rate: Rate.Rate,
  ...measuredFields,
})

/**
 * @since 0.1.0
 * @category models
 */
export type NonSorLine = typeof NonSorLine.Type

/**
 * An SOR or NON-SOR line of an estimate.
 *
 * @since 0.1.0
 * @category models
 */
export const EstimateLine = Schema.Union([SorLine, NonSorLine])

/**
 * @since 0.1.0
 * @category models
 */
export type EstimateLine = typeof EstimateLine.Type

/**
 * What a clerk enters for a line. An SOR line names its SOR (its rate is
 * read, EST-1); a NON-SOR line brings description, unit and rate.
 *
 * @since 0.1.0
 * @category models
 */
export type LineInput =
  | {
      readonly category: "sor"
      readonly sorId: string
      readonly measurements: ReadonlyArray<MeasurementEntry>
      readonly previousLineId?: string
    }
  | {
      readonly category: "nonSor"
      readonly description: string
      readonly unit: string
      readonly rate: Rate.Rate
      readonly measurements: ReadonlyArray<MeasurementEntry>
      readonly previousLineId?: string
    }

/**
 * Problem codes of lines (EST-1, EST-2).
 *
 * @since 0.1.0
 * @category errors
 */
export const lineProblemCodes = {
  measurementNameTooLong: "MEASUREMENT_NAME_TOO_LONG",
  measurementsTooMany: "MEASUREMENTS_TOO_MANY",
  descriptionEmpty: "LINE_DESCRIPTION_EMPTY",
  descriptionTooLong: "LINE_DESCRIPTION_TOO_LONG",
  unitEmpty: "LINE_UNIT_EMPTY",
  ratePlacesExceeded: "NON_SOR_RATE_PLACES_EXCEEDED",
  lineQuantityNegative: Measurement.lineQuantityNegativeCode,
} as const

/**
 * Every problem with a line's own fields (EST-1, EST-2), paths under
 * `field`: names over 32 characters, too many rows, and for a NON-SOR line an
 * empty or long description, an empty unit, or a rate with more than 2
 * places.
 *
 * @since 0.1.0
 * @category predicates
 */
export const lineInputProblems = (input: LineInput, field: string): ReadonlyArray<FieldProblem> => [
  ...(input.measurements.length > measurementsPerLineMax
    ? [
        {
          field: `${field}.measurements`,
          code: lineProblemCodes.measurementsTooMany,
          message: `enter at most ${measurementsPerLineMax} measurement rows on one line`,
          limit: String(measurementsPerLineMax),
        },
      ]
    : []),
  ...input.measurements.flatMap((row, index) =>
    row.name.length > measurementNameLengthMax
      ? [
          {
            field: `${field}.measurements[${index}].name`,
            code: lineProblemCodes.measurementNameTooLong,
            message: `shorten the row name to at most ${measurementNameLengthMax} characters`,
            limit: String(measurementNameLengthMax),
          },
        ]
      : [],
  ),
  ...(input.category === "sor" ? [] : nonSorProblems(input, field)),
]

const nonSorProblems = (
  input: Extract<LineInput, { readonly category: "nonSor" }>,
  field: string,
): ReadonlyArray<FieldProblem> => [
  ...(input.description.trim() === ""
    ? [
        {
          field: `${field}.description`,
          code: lineProblemCodes.descriptionEmpty,
          message: "describe the item",
        },
      ]
    : input.description.length > descriptionLengthMax
      ? [
          {
            field: `${field}.description`,
            code: lineProblemCodes.descriptionTooLong,
            message: `shorten the description to at most ${descriptionLengthMax} characters`,
            limit: String(descriptionLengthMax),
          },
        ]
      : []),
  ...(input.unit.trim() === ""
    ? [{ field: `${field}.unit`, code: lineProblemCodes.unitEmpty, message: "enter the unit of measurement" }]
    : []),
  ...(input.rate.decimalPlaces() > nonSorRatePlacesMax
    ? [
        {
          field: `${field}.rate`,
          code: lineProblemCodes.ratePlacesExceeded,
          message: `enter the rate with at most ${nonSorRatePlacesMax} decimal places`,
          limit: String(nonSorRatePlacesMax),
        },
      ]
    : []),
]

/**
 * The quantity of a line from its rows (QTY-2, QTY-3), or
 * `LINE_QUANTITY_NEGATIVE` when deductions exceed the plus rows.
 *
 * @since 0.1.0
 * @category math
 */
export const quantityOf = (options: {
  readonly measurements: ReadonlyArray<MeasurementEntry>
  readonly scales: RoundingScales
}): Result.Result<Quantity.Quantity, ValidationFailed> => {
  const scale = options.scales.quantity
  const rowsOf = (sign: MeasurementEntry["sign"]) =>
    options.measurements
      .filter((row) => row.sign === sign)
      .map((row) => Measurement.measuredQuantity({ ...row, scale }))
  return Measurement.lineQuantity({ plusRows: rowsOf("plus"), minusRows: rowsOf("minus"), scale })
}

/**
 * The amount of a line (QTY-4): rate × quantity ÷ the rate-defined-for
 * quantity, rounded half away from zero to the estimate scale.
 *
 * @since 0.1.0
 * @category math
 */
export const amountOf = (options: {
  readonly rate: Rate.Rate
  readonly quantity: Quantity.Quantity
  readonly rateDefinedForQuantity: Quantity.Quantity
  readonly scales: RoundingScales
}): Amount.Amount =>
  divideRounded({
    dividend: timesExact(options.rate, options.quantity) as Amount.Amount,
    divisor: options.rateDefinedForQuantity,
    scale: options.scales.estimateAmount,
  })

/**
 * Whether a line is an SOR line.
 *
 * @since 0.1.0
 * @category guards
 */
export const isSorLine = (line: EstimateLine): line is SorLine => line.category === "sor"
