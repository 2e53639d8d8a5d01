/**
 * A quantity of work or material in its unit of measurement (cubic metres,
 * numbers, days): an exact, immutable decimal that is never negative
 * (MONEY-1, MONEY-4, QTY-3). It is built only from a decimal string; a
 * JavaScript `number` is refused. Measured quantities are rounded to the
 * quantity scale (4 places by default) at the steps QTY-2 and QTY-3 name.
 *
 * @since 0.1.0
 */
import type { Brand, Result } from "effect"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import { assert } from "../internal/assert.js"
import { compareDecimals, isKaryaDecimal, KaryaDecimal, plusExact } from "../internal/Decimal.js"
import * as DecimalString from "./DecimalString.js"
import type { Scale } from "./Scale.js"

/**
 * An exact, non-negative quantity.
 *
 * @since 0.1.0
 * @category models
 */
export type Quantity = Brand.Branded<KaryaDecimal, "Quantity">

/**
 * Problem code: a quantity was given with a minus sign.
 *
 * @since 0.1.0
 * @category errors
 */
export const quantityNegativeCode = "QUANTITY_NEGATIVE"

const rules: DecimalString.DecimalRules = {
  noun: "quantity",
  integerDigitsMax: DecimalString.integerDigitsMax,
  placesMax: DecimalString.placesMax,
  negative: { refusedWithCode: quantityNegativeCode },
}

/**
 * Whether a value is a quantity: a Karya decimal of zero or more.
 *
 * @since 0.1.0
 * @category guards
 */
export const isQuantity = (value: unknown): value is Quantity => isKaryaDecimal(value) && value.gte(0)

/**
 * The quantity Schema: decodes only a decimal string (`"12.5"`), refusing a
 * number and a negative value, and encodes to the canonical string.
 *
 * @since 0.1.0
 * @category models
 */
export const Quantity = DecimalString.makeCodec({ rules, is: isQuantity, identifier: "Quantity" })

/**
 * Reads a quantity from a decimal string, or fails with `ValidationFailed`
 * listing every problem (`DECIMAL_INVALID`, `QUANTITY_NEGATIVE`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (text: string): Result.Result<Quantity, ValidationFailed> =>
  DecimalString.fromStringWith(text, { rules, is: isQuantity })

/**
 * Reads a quantity from a decimal string, throwing on bad input. For
 * constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): Quantity => {
  const parsed = fromString(text)
  if (parsed._tag === "Failure") throw parsed.failure
  return parsed.success
}

/**
 * Zero of any unit.
 *
 * @since 0.1.0
 * @category constructors
 */
export const zero: Quantity = new KaryaDecimal(0) as Quantity

/**
 * The exact sum of two quantities.
 *
 * @since 0.1.0
 * @category math
 */
export const add = (augend: Quantity, addend: Quantity): Quantity => plusExact(augend, addend) as Quantity

/**
 * The exact sum of a list of quantities (zero for an empty list).
 *
 * @since 0.1.0
 * @category math
 */
export const sum = (quantities: ReadonlyArray<Quantity>): Quantity => {
  let total: KaryaDecimal = zero
  for (const quantity of quantities) total = plusExact(total, quantity)
  return total as Quantity
}

/**
 * The exact difference `minuend − subtrahend`; a subtrahend larger than the
 * minuend is a defect in the caller, which must check first and report its
 * own coded error (as `Measurement.lineQuantity` does with
 * `LINE_QUANTITY_NEGATIVE`).
 *
 * @since 0.1.0
 * @category math
 */
export const subtract = (operands: {
  readonly minuend: Quantity
  readonly subtrahend: Quantity
}): Quantity => {
  assert(operands.minuend.gte(operands.subtrahend), "the subtrahend is at most the minuend")
  return plusExact(operands.minuend, operands.subtrahend.negated()) as Quantity
}

/**
 * Orders two quantities: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: Quantity, right: Quantity): -1 | 0 | 1 => compareDecimals(left, right)

/**
 * Whether two quantities are equal (`"1.50"` equals `"1.5"`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const equals = (left: Quantity, right: Quantity): boolean => left.equals(right)

/**
 * @since 0.1.0
 * @category predicates
 */
export const isZero = (quantity: Quantity): boolean => quantity.isZero()

/**
 * Whether `quantity` is strictly less than `other`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLessThan = (quantity: Quantity, other: Quantity): boolean => quantity.lessThan(other)

/**
 * The canonical decimal string (`"12.5"`): what the Schema encodes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonicalString = (quantity: Quantity): string => DecimalString.toCanonical(quantity)

/**
 * The decimal string with exactly `scale` places (`"12.5000"` at scale 4). It
 * never rounds: round at the rule's step first.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toDecimalString = (quantity: Quantity, options: { readonly scale: Scale }): string =>
  DecimalString.toFixed(quantity, options)
