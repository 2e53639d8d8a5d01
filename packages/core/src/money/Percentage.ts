/**
 * A percentage (EST-3 overheads such as SC 7.5% and GST 18%, RA-3 and RA-4
 * charges, BILL-P-2 deduction heads, the 1% labour cess of BILL-W-3): an
 * exact, non-negative decimal read only from a decimal string (`"7.5"`),
 * never a JavaScript `number` (MONEY-1). `percentOf` gives the exact share of
 * an amount; the rule that uses it names the step that rounds it (2 places
 * for overheads, whole rupees for bill deductions).
 *
 * @since 0.1.0
 */
import type { Brand, Result } from "effect"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import { compareDecimals, isKaryaDecimal, KaryaDecimal, timesExact } from "../internal/Decimal.js"
import type { Amount } from "./Amount.js"
import * as DecimalString from "./DecimalString.js"

/**
 * An exact, non-negative percentage (`7.5` means 7.5%).
 *
 * @since 0.1.0
 * @category models
 */
export type Percentage = Brand.Branded<KaryaDecimal, "Percentage">

/**
 * Problem code: a percentage was given with a minus sign (MONEY-4).
 *
 * @since 0.1.0
 * @category errors
 */
export const percentageNegativeCode = "PERCENTAGE_NEGATIVE"

/**
 * Most digits before the decimal point of a percentage: up to 999%, room for
 * any charge or deduction a state levies while catching a figure typed as an
 * amount (`"15000"`).
 *
 * @since 0.1.0
 * @category models
 */
export const percentageIntegerDigitsMax = 3

/**
 * Most decimal places of a percentage: 4 covers every published rate
 * (7.5%, 0.1%, 2.25%) and keeps shares of amounts exact and short.
 *
 * @since 0.1.0
 * @category models
 */
export const percentagePlacesMax = 4

const rules: DecimalString.DecimalRules = {
  noun: "percentage",
  integerDigitsMax: percentageIntegerDigitsMax,
  placesMax: percentagePlacesMax,
  negative: { refusedWithCode: percentageNegativeCode },
}

/**
 * Whether a value is a percentage: a Karya decimal of zero or more.
 *
 * @since 0.1.0
 * @category guards
 */
export const isPercentage = (value: unknown): value is Percentage => isKaryaDecimal(value) && value.gte(0)

/**
 * The percentage Schema: decodes only a decimal string (`"7.5"`, `"18"`) of
 * at most 3 integer digits and 4 places, and encodes to the canonical string.
 *
 * @since 0.1.0
 * @category models
 */
export const Percentage = DecimalString.makeCodec({ rules, is: isPercentage, identifier: "Percentage" })

/**
 * Reads a percentage from a decimal string, or fails with `ValidationFailed`
 * listing every problem (`DECIMAL_INVALID`, `PERCENTAGE_NEGATIVE`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (text: string): Result.Result<Percentage, ValidationFailed> =>
  DecimalString.fromStringWith(text, { rules, is: isPercentage })

/**
 * Reads a percentage from a decimal string, throwing on bad input. For
 * constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): Percentage => {
  const parsed = fromString(text)
  if (parsed._tag === "Failure") throw parsed.failure
  return parsed.success
}

const hundredth = new KaryaDecimal("0.01")

/**
 * The exact share `base × percentage ÷ 100`, unrounded (MONEY-2): 7.5% of
 * ₹1,20,000 is ₹9,000; 1% of ₹1,897.50 is ₹18.975. Round it at the step the
 * rule names.
 *
 * @since 0.1.0
 * @category math
 */
export const percentOf = (operands: { readonly percentage: Percentage; readonly base: Amount }): Amount =>
  timesExact(timesExact(operands.base, operands.percentage), hundredth) as Amount

/**
 * Orders two percentages: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: Percentage, right: Percentage): -1 | 0 | 1 => compareDecimals(left, right)

/**
 * @since 0.1.0
 * @category predicates
 */
export const isZero = (percentage: Percentage): boolean => percentage.isZero()

/**
 * The canonical decimal string (`"7.5"`): what the Schema encodes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonicalString = (percentage: Percentage): string => DecimalString.toCanonical(percentage)
