/**
 * An amount of money in rupees: an exact, immutable decimal that is never
 * negative (MONEY-1, MONEY-4). It is built only from a decimal string
 * (`"1916.00"`); a JavaScript `number` is refused by the type and by the
 * decoder. Arithmetic is exact; rounding happens only at a step a rule names
 * (`Rounding.round`).
 *
 * When a rule needs a value that can go below zero (a difference between two
 * amounts), use `SignedAmount`.
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
 * An exact, non-negative amount of money.
 *
 * @since 0.1.0
 * @category models
 */
export type Amount = Brand.Branded<KaryaDecimal, "Amount">

/**
 * Problem code: an amount was given with a minus sign (MONEY-4).
 *
 * @since 0.1.0
 * @category errors
 */
export const amountNegativeCode = "AMOUNT_NEGATIVE"

const rules: DecimalString.DecimalRules = {
  noun: "amount",
  integerDigitsMax: DecimalString.integerDigitsMax,
  placesMax: DecimalString.placesMax,
  negative: { refusedWithCode: amountNegativeCode },
}

/**
 * Whether a value is an amount: a Karya decimal of zero or more.
 *
 * @since 0.1.0
 * @category guards
 */
export const isAmount = (value: unknown): value is Amount => isKaryaDecimal(value) && value.gte(0)

/**
 * The amount Schema: decodes only a decimal string (`"1916.00"`, `"989"`),
 * refusing a number, `"1e3"`, `"1,000"`, `" 12"`, `""` and `"-5"`, and encodes
 * to the canonical string (`"1916"`).
 *
 * @since 0.1.0
 * @category models
 */
export const Amount = DecimalString.makeCodec({ rules, is: isAmount, identifier: "Amount" })

/**
 * Reads an amount from a decimal string, or fails with `ValidationFailed`
 * listing every problem (`DECIMAL_INVALID`, `AMOUNT_NEGATIVE`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (text: string): Result.Result<Amount, ValidationFailed> =>
  DecimalString.fromStringWith(text, { rules, is: isAmount })

/**
 * Reads an amount from a decimal string, throwing on bad input. For constants
 * and tests; decode input with {@link Amount} or {@link fromString}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): Amount => {
  const parsed = fromString(text)
  if (parsed._tag === "Failure") throw parsed.failure
  return parsed.success
}

/**
 * Zero rupees.
 *
 * @since 0.1.0
 * @category constructors
 */
export const zero: Amount = new KaryaDecimal(0) as Amount

/**
 * The exact sum of two amounts.
 *
 * @since 0.1.0
 * @category math
 */
export const add = (augend: Amount, addend: Amount): Amount => plusExact(augend, addend) as Amount

/**
 * The exact sum of a list of amounts (zero for an empty list).
 *
 * @since 0.1.0
 * @category math
 */
export const sum = (amounts: ReadonlyArray<Amount>): Amount => {
  let total: KaryaDecimal = zero
  for (const amount of amounts) total = plusExact(total, amount)
  return total as Amount
}

/**
 * The exact difference `minuend − subtrahend`. An amount never goes below
 * zero: a subtrahend larger than the minuend is a defect in the caller, which
 * must check first (`isLessThan`) and report its own coded error, or use
 * `SignedAmount.difference` where a rule names a signed value.
 *
 * @since 0.1.0
 * @category math
 */
export const subtract = (operands: { readonly minuend: Amount; readonly subtrahend: Amount }): Amount => {
  assert(operands.minuend.gte(operands.subtrahend), "the subtrahend is at most the minuend (MONEY-4)")
  return plusExact(operands.minuend, operands.subtrahend.negated()) as Amount
}

/**
 * Orders two amounts: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: Amount, right: Amount): -1 | 0 | 1 => compareDecimals(left, right)

/**
 * Whether two amounts are the same number of rupees (`"1.50"` equals `"1.5"`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const equals = (left: Amount, right: Amount): boolean => left.equals(right)

/**
 * @since 0.1.0
 * @category predicates
 */
export const isZero = (amount: Amount): boolean => amount.isZero()

/**
 * Whether `amount` is strictly less than `other`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLessThan = (amount: Amount, other: Amount): boolean => amount.lessThan(other)

/**
 * Whether `amount` is strictly greater than `other`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isGreaterThan = (amount: Amount, other: Amount): boolean => amount.greaterThan(other)

/**
 * The smaller of two amounts.
 *
 * @since 0.1.0
 * @category math
 */
export const min = (left: Amount, right: Amount): Amount => (left.lessThanOrEqualTo(right) ? left : right)

/**
 * The larger of two amounts.
 *
 * @since 0.1.0
 * @category math
 */
export const max = (left: Amount, right: Amount): Amount => (left.greaterThanOrEqualTo(right) ? left : right)

/**
 * The canonical decimal string (`"1916"`, `"0.5"`): what the Schema encodes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonicalString = (amount: Amount): string => DecimalString.toCanonical(amount)

/**
 * The decimal string with exactly `scale` places (`"1916.00"`), for the wire
 * (MONEY-3). It never rounds: round at the rule's step first.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toDecimalString = (amount: Amount, options: { readonly scale: Scale }): string =>
  DecimalString.toFixed(amount, options)
