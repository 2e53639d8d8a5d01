/**
 * Karya's private decimal.js constructor (MONEY-1, MONEY-2). The global
 * `Decimal` is never configured or mutated: every amount, rate and quantity
 * is built by this clone, whose precision keeps every product and sum of
 * decoded values exact, whose default rounding is half away from zero (the
 * mode of the services Karya replaces), and whose `toString` never switches
 * to exponent notation.
 *
 * The exact operations here assert, before they run, that the result fits the
 * precision, so a silently rounded intermediate is a defect that stops the
 * computation instead of a paisa lost.
 *
 * @since 0.1.0
 */

import type { Decimal } from "decimal.js"
import decimalJsDefault from "decimal.js"
import { assert } from "./assert.js"

// decimal.js declares its types as a CommonJS module, so under NodeNext its
// default import is typed as the module object; at run time the ES module's
// default export is the Decimal class itself.
const DecimalClass = decimalJsDefault as unknown as Decimal.Constructor

/**
 * Significant digits a Karya decimal keeps. Decoded values have at most 15
 * integer digits and 20 places (35 digits), so a product of two of them needs
 * at most 70 digits and a product of the four measurement factors at most 40;
 * 100 leaves room for long sums of such products.
 *
 * @since 0.1.0
 * @category models
 */
export const precisionDigits = 100

/**
 * Exponents at which decimal.js would print `1e+21` or `1e-7`; set beyond any
 * reachable exponent so the decimal strings on the wire stay plain (MONEY-1).
 */
const exponentNotationLimit = 9e15

/**
 * The constructor of every Karya decimal.
 *
 * @since 0.1.0
 * @category constructors
 */
export const KaryaDecimal: Decimal.Constructor = DecimalClass.clone({
  precision: precisionDigits,
  rounding: DecimalClass.ROUND_HALF_UP,
  toExpNeg: -exponentNotationLimit,
  toExpPos: exponentNotationLimit,
  minE: -exponentNotationLimit,
  maxE: exponentNotationLimit,
  modulo: DecimalClass.ROUND_DOWN,
  crypto: false,
})

/**
 * A decimal.js value built by {@link KaryaDecimal}.
 *
 * @since 0.1.0
 * @category models
 */
export type KaryaDecimal = Decimal

/**
 * Whether a value is a finite decimal built by Karya's constructor (not the
 * global `Decimal`, whose precision is only 20 digits).
 *
 * @since 0.1.0
 * @category guards
 */
export const isKaryaDecimal = (value: unknown): value is KaryaDecimal =>
  value instanceof DecimalClass && value.constructor === KaryaDecimal && value.isFinite()

/** Exponent of the lowest non-zero digit: 12.34 → -2, 1200 → 2. */
const lowestDigitExponent = (value: KaryaDecimal): number => value.e - value.precision() + 1

/**
 * Whether `augend + addend` fits the precision, so decimal.js computes it
 * exactly: the digits from the highest (plus a carry) to the lowest non-zero
 * digit of either operand.
 */
const isSumExact = (augend: KaryaDecimal, addend: KaryaDecimal): boolean => {
  if (augend.isZero() || addend.isZero()) return true
  const highest = Math.max(augend.e, addend.e) + 1
  const lowest = Math.min(lowestDigitExponent(augend), lowestDigitExponent(addend))
  return highest - lowest + 1 <= precisionDigits
}

/**
 * The exact sum of two Karya decimals; asserts that no digit is rounded away.
 *
 * @since 0.1.0
 * @category math
 */
export const plusExact = (augend: KaryaDecimal, addend: KaryaDecimal): KaryaDecimal => {
  assert(isKaryaDecimal(augend), "the augend is a Karya decimal")
  assert(isKaryaDecimal(addend), "the addend is a Karya decimal")
  assert(isSumExact(augend, addend), `the sum fits ${precisionDigits} significant digits`)
  return augend.plus(addend)
}

/**
 * The exact product of two Karya decimals; asserts that no digit is rounded
 * away (the product of significands has at most the sum of their digits).
 *
 * @since 0.1.0
 * @category math
 */
export const timesExact = (multiplicand: KaryaDecimal, multiplier: KaryaDecimal): KaryaDecimal => {
  assert(isKaryaDecimal(multiplicand), "the multiplicand is a Karya decimal")
  assert(isKaryaDecimal(multiplier), "the multiplier is a Karya decimal")
  assert(
    multiplicand.precision() + multiplier.precision() <= precisionDigits,
    `the product fits ${precisionDigits} significant digits`,
  )
  return multiplicand.times(multiplier)
}

/**
 * Zero with a positive sign: decimal.js keeps `-0` (from rounding `-0.4`),
 * which would print as `0` but compare as negative by sign.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withoutNegativeZero = (value: KaryaDecimal): KaryaDecimal =>
  value.isZero() && value.isNegative() ? new KaryaDecimal(0) : value

/**
 * Orders two Karya decimals: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compareDecimals = (left: KaryaDecimal, right: KaryaDecimal): -1 | 0 | 1 => {
  const order = left.comparedTo(right)
  return order < 0 ? -1 : order > 0 ? 1 : 0
}
