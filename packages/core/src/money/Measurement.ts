/**
 * Measured quantities and line amounts (QTY-1..4): the arithmetic of a
 * measurement book or an estimate's detailed measurement.
 *
 * - QTY-1: a measurement factor (number, length, breadth, depth) has at most
 *   6 digits before and 4 after the decimal point; more precision is a
 *   validation error, never a silent round. An empty factor (`""` or absent)
 *   is allowed.
 * - QTY-2: a row's quantity is N × L × B × D, an empty or zero factor counting
 *   as 1, except that a row whose four factors are all empty or zero measures
 *   0; rounded half away from zero to the quantity scale.
 * - QTY-3: a line's quantity is Σ plus rows − Σ minus rows (deduction rows are
 *   subtracted, they are not negative, MONEY-4), rounded to the quantity
 *   scale; a negative result is `LINE_QUANTITY_NEGATIVE`.
 * - QTY-4: a line's amount is rate × quantity rounded half away from zero to
 *   the amount scale the caller names (2 places by MUKTA's configuration).
 *
 * @since 0.1.0
 */
import { type Brand, Effect, Result, Schema, SchemaTransformation } from "effect"
import { type FieldProblem, joinPath, within } from "../errors/FieldProblem.js"
import { fromProblems, type ValidationFailed } from "../errors/ValidationFailed.js"
import { assert } from "../internal/assert.js"
import { isKaryaDecimal, type KaryaDecimal, timesExact } from "../internal/Decimal.js"
import type { Amount } from "./Amount.js"
import * as DecimalString from "./DecimalString.js"
import * as Quantity from "./Quantity.js"
import * as Rate from "./Rate.js"
import { round } from "./Rounding.js"
import type { Scale } from "./Scale.js"

/**
 * Most digits before the decimal point of a measurement factor (QTY-1): a
 * site measurement above 999999 of its unit is a typing error.
 *
 * @since 0.1.0
 * @category models
 */
export const factorIntegerDigitsMax = 6

/**
 * Most decimal places of a measurement factor (QTY-1): a tenth of a
 * millimetre in metres; finer figures are refused, not rounded.
 *
 * @since 0.1.0
 * @category models
 */
export const factorPlacesMax = 4

/**
 * Problem code: a measurement factor was given with a minus sign. Deductions
 * are minus rows with positive factors (MONEY-4).
 *
 * @since 0.1.0
 * @category errors
 */
export const measurementFactorNegativeCode = "MEASUREMENT_FACTOR_NEGATIVE"

/**
 * Problem code: a line's minus rows exceed its plus rows (QTY-3).
 *
 * @since 0.1.0
 * @category errors
 */
export const lineQuantityNegativeCode = "LINE_QUANTITY_NEGATIVE"

/**
 * One factor of a measurement row: non-negative, at most 6 integer digits
 * and 4 places (QTY-1).
 *
 * @since 0.1.0
 * @category models
 */
export type MeasurementFactor = Brand.Branded<KaryaDecimal, "MeasurementFactor">

/**
 * The four factors of a row, in the order they are multiplied.
 *
 * @since 0.1.0
 * @category models
 */
export const factorNames = ["number", "length", "breadth", "depth"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type FactorName = (typeof factorNames)[number]

const rulesOf = (noun: string): DecimalString.DecimalRules => ({
  noun,
  integerDigitsMax: factorIntegerDigitsMax,
  placesMax: factorPlacesMax,
  negative: { refusedWithCode: measurementFactorNegativeCode },
})

/**
 * Whether a value is a measurement factor (QTY-1).
 *
 * @since 0.1.0
 * @category guards
 */
export const isMeasurementFactor = (value: unknown): value is MeasurementFactor =>
  isKaryaDecimal(value) &&
  value.gte(0) &&
  value.decimalPlaces() <= factorPlacesMax &&
  value.lt(10 ** factorIntegerDigitsMax)

/**
 * The measurement factor Schema: decodes a non-empty decimal string of at
 * most 6 integer digits and 4 places (QTY-1).
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementFactor = DecimalString.makeCodec({
  rules: rulesOf("measurement factor"),
  is: isMeasurementFactor,
  identifier: "MeasurementFactor",
})

/**
 * A measurement factor that may be left empty: `""` decodes to `undefined`
 * and `undefined` encodes to `""`.
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementFactorOrEmpty = Schema.String.annotate({
  message: `Expected the measurement factor as a decimal string such as "12.5", or "" for an empty factor (MONEY-1)`,
}).pipe(
  Schema.decodeTo(
    Schema.UndefinedOr(Schema.toType(MeasurementFactor)),
    SchemaTransformation.transformEffect({
      decode: (text: string) =>
        text === ""
          ? Effect.succeed(undefined)
          : DecimalString.decodeEffect(text, {
              rules: rulesOf("measurement factor"),
              is: isMeasurementFactor,
            }),
      encode: (factor: MeasurementFactor | undefined) =>
        Effect.succeed(factor === undefined ? "" : DecimalString.toCanonical(factor)),
    }),
  ),
)

/**
 * A measurement row's factors; an absent or `undefined` factor is empty.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasurementRow {
  readonly number?: MeasurementFactor | undefined
  readonly length?: MeasurementFactor | undefined
  readonly breadth?: MeasurementFactor | undefined
  readonly depth?: MeasurementFactor | undefined
}

/**
 * The measurement row Schema: each factor optional, `""` meaning empty.
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementRow = Schema.Struct({
  number: Schema.optionalKey(MeasurementFactorOrEmpty),
  length: Schema.optionalKey(MeasurementFactorOrEmpty),
  breadth: Schema.optionalKey(MeasurementFactorOrEmpty),
  depth: Schema.optionalKey(MeasurementFactorOrEmpty),
})

/**
 * A measurement row as a clerk or a client sends it: decimal strings, `""`
 * or absent for an empty factor.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasurementRowInput {
  readonly number?: string | undefined
  readonly length?: string | undefined
  readonly breadth?: string | undefined
  readonly depth?: string | undefined
}

const factorFromInput = (
  input: string | undefined,
  noun: string,
): Result.Result<MeasurementFactor | undefined, DecimalString.Problems> => {
  if (input === undefined || input === "") return Result.succeed(undefined)
  const parsed = DecimalString.parse(input, rulesOf(noun))
  if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
  assert(isMeasurementFactor(parsed.success), "a decimal the factor rules accept is a measurement factor")
  return Result.succeed(parsed.success)
}

/**
 * Reads one measurement factor; `""` or `undefined` is an empty factor
 * (`undefined`). Fails with `ValidationFailed` listing every problem
 * (`DECIMAL_INVALID`, `DECIMAL_PLACES_EXCEEDED`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const factorFromString = (
  text: string | undefined,
): Result.Result<MeasurementFactor | undefined, ValidationFailed> => {
  const factor = factorFromInput(text, "measurement factor")
  if (Result.isFailure(factor)) return Result.fail(fromProblems("measurement factor", factor.failure))
  return Result.succeed(factor.success)
}

/**
 * Reads a non-empty measurement factor, throwing on bad input. For constants
 * and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeFactorUnsafe = (text: string): MeasurementFactor => {
  const factor = factorFromString(text)
  if (Result.isFailure(factor)) throw factor.failure
  assert(factor.success !== undefined, "a non-empty text is not an empty factor")
  return factor.success
}

const rowFromInput = (input: MeasurementRowInput, field: string) => {
  const row: { -readonly [Name in FactorName]?: MeasurementFactor } = {}
  const problems: Array<FieldProblem> = []
  for (const name of factorNames) {
    const factor = factorFromInput(input[name], name)
    if (Result.isFailure(factor)) problems.push(...within(joinPath(field, name), factor.failure))
    else if (factor.success !== undefined) row[name] = factor.success
  }
  return { row: row as MeasurementRow, problems }
}

/**
 * Reads measurement rows, reporting every problem of every row at once
 * (ERR-3) with paths under `field`: `rows[2].length`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const rowsFromInputs = (options: {
  readonly rows: ReadonlyArray<MeasurementRowInput>
  readonly field: string
}): Result.Result<ReadonlyArray<MeasurementRow>, ValidationFailed> => {
  const rows: Array<MeasurementRow> = []
  const problems: Array<FieldProblem> = []
  options.rows.forEach((input, index) => {
    const read = rowFromInput(input, `${options.field}[${index}]`)
    rows.push(read.row)
    problems.push(...read.problems)
  })
  const [first, ...rest] = problems
  if (first !== undefined) return Result.fail(fromProblems("measurement", [first, ...rest]))
  return Result.succeed(rows)
}

/**
 * The quantity one row measures (QTY-2): N × L × B × D with each empty or
 * zero factor counting as 1, but 0 when all four are empty or zero; rounded
 * half away from zero to `scale` (4 places by MUKTA's configuration).
 *
 * @since 0.1.0
 * @category math
 */
export const measuredQuantity = (row: MeasurementRow & { readonly scale: Scale }): Quantity.Quantity => {
  const given = factorNames
    .map((name) => row[name])
    .filter((factor): factor is MeasurementFactor => factor !== undefined && !factor.isZero())
  if (given.length === 0) return Quantity.zero
  let product: KaryaDecimal = Quantity.makeUnsafe("1")
  for (const factor of given) {
    assert(isMeasurementFactor(factor), "each factor was read as a measurement factor (QTY-1)")
    product = timesExact(product, factor)
  }
  return round(product as Quantity.Quantity, { scale: row.scale, mode: "halfAwayFromZero" })
}

/**
 * The quantity of a line (QTY-3): Σ plus rows − Σ minus rows, each row
 * already rounded per QTY-2, rounded to `scale`. Minus rows exceeding plus
 * rows is `LINE_QUANTITY_NEGATIVE` on the field `quantity`.
 *
 * @since 0.1.0
 * @category math
 */
export const lineQuantity = (options: {
  readonly plusRows: ReadonlyArray<Quantity.Quantity>
  readonly minusRows: ReadonlyArray<Quantity.Quantity>
  readonly scale: Scale
}): Result.Result<Quantity.Quantity, ValidationFailed> => {
  const rows = [...options.plusRows, ...options.minusRows]
  assert(
    rows.every((row) => row.decimalPlaces() <= options.scale),
    "each row quantity was rounded to the quantity scale (QTY-2)",
  )
  const plus = Quantity.sum(options.plusRows)
  const minus = Quantity.sum(options.minusRows)
  if (Quantity.isLessThan(plus, minus)) {
    const problem: FieldProblem = {
      field: "quantity",
      code: lineQuantityNegativeCode,
      message: `the deductions (${Quantity.toCanonicalString(minus)}) exceed the measured rows (${Quantity.toCanonicalString(plus)}); a line's quantity cannot be negative, so correct the rows (QTY-3)`,
      limit: "0",
    }
    return Result.fail(fromProblems("measurement line", [problem]))
  }
  const net = Quantity.subtract({ minuend: plus, subtrahend: minus })
  return Result.succeed(round(net, { scale: options.scale, mode: "halfAwayFromZero" }))
}

/**
 * The amount of a line (QTY-4): rate × quantity rounded half away from zero
 * to `scale` (the tenant's amount scale for the document, 2 by default).
 *
 * @since 0.1.0
 * @category math
 */
export const lineAmount = (options: {
  readonly rate: Rate.Rate
  readonly quantity: Quantity.Quantity
  readonly scale: Scale
}): Amount =>
  round(Rate.multiply(options.rate, options.quantity), { scale: options.scale, mode: "halfAwayFromZero" })
