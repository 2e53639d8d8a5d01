/**
 * A rate: rupees per unit of measurement (an SOR rate per cubic metre, a
 * daily wage per day). An exact, immutable decimal that is never negative,
 * built only from a decimal string (MONEY-1, MONEY-4). A rate times a
 * quantity is an exact amount; the rule that uses the product names the
 * step that rounds it (QTY-4, MB-5, BILL-W-3).
 *
 * @since 0.1.0
 */
import type { Brand, Result } from "effect"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import { compareDecimals, isKaryaDecimal, type KaryaDecimal, timesExact } from "../internal/Decimal.js"
import type { Amount } from "./Amount.js"
import * as DecimalString from "./DecimalString.js"
import type { Quantity } from "./Quantity.js"
import type { Scale } from "./Scale.js"

/**
 * An exact, non-negative rate in rupees per unit.
 *
 * @since 0.1.0
 * @category models
 */
export type Rate = Brand.Branded<KaryaDecimal, "Rate">

/**
 * Problem code: a rate was given with a minus sign (MONEY-4).
 *
 * @since 0.1.0
 * @category errors
 */
export const rateNegativeCode = "RATE_NEGATIVE"

const rules: DecimalString.DecimalRules = {
  noun: "rate",
  integerDigitsMax: DecimalString.integerDigitsMax,
  placesMax: DecimalString.placesMax,
  negative: { refusedWithCode: rateNegativeCode },
}

/**
 * Whether a value is a rate: a Karya decimal of zero or more.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRate = (value: unknown): value is Rate => isKaryaDecimal(value) && value.gte(0)

/**
 * The rate Schema: decodes only a decimal string (`"345"`, `"1916.55"`),
 * refusing a number and a negative value, and encodes to the canonical string.
 *
 * @since 0.1.0
 * @category models
 */
export const Rate = DecimalString.makeCodec({ rules, is: isRate, identifier: "Rate" })

/**
 * Reads a rate from a decimal string, or fails with `ValidationFailed`
 * listing every problem (`DECIMAL_INVALID`, `RATE_NEGATIVE`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (text: string): Result.Result<Rate, ValidationFailed> =>
  DecimalString.fromStringWith(text, { rules, is: isRate })

/**
 * Reads a rate from a decimal string, throwing on bad input. For constants
 * and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): Rate => {
  const parsed = fromString(text)
  if (parsed._tag === "Failure") throw parsed.failure
  return parsed.success
}

/**
 * The exact amount `rate × quantity`, unrounded (MONEY-2: intermediate
 * products stay exact). Round it at the step the rule names, e.g.
 * `Measurement.lineAmount` (QTY-4).
 *
 * @since 0.1.0
 * @category math
 */
export const multiply = (rate: Rate, quantity: Quantity): Amount => timesExact(rate, quantity) as Amount

/**
 * Orders two rates: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: Rate, right: Rate): -1 | 0 | 1 => compareDecimals(left, right)

/**
 * Whether two rates are equal (`"345.00"` equals `"345"`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const equals = (left: Rate, right: Rate): boolean => left.equals(right)

/**
 * @since 0.1.0
 * @category predicates
 */
export const isZero = (rate: Rate): boolean => rate.isZero()

/**
 * The canonical decimal string (`"345"`): what the Schema encodes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonicalString = (rate: Rate): string => DecimalString.toCanonical(rate)

/**
 * The decimal string with exactly `scale` places (`"345.00"`). It never
 * rounds: round at the rule's step first.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toDecimalString = (rate: Rate, options: { readonly scale: Scale }): string =>
  DecimalString.toFixed(rate, options)
