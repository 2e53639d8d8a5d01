/**
 * A signed amount of money: an exact, immutable decimal that may be below
 * zero. MONEY-4 keeps amounts non-negative unless a rule names a signed
 * value; this type is that named exception (the difference between a revised
 * and an original amount, a negative figure to round or present). Built only
 * from a decimal string (`"-1916.50"`); a JavaScript `number` is refused.
 *
 * @since 0.1.0
 */
import type { Brand, Result } from "effect"
import { Option } from "effect"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import {
  compareDecimals,
  isKaryaDecimal,
  KaryaDecimal,
  plusExact,
  withoutNegativeZero,
} from "../internal/Decimal.js"
import { type Amount, isAmount } from "./Amount.js"
import * as DecimalString from "./DecimalString.js"
import type { Scale } from "./Scale.js"

/**
 * An exact amount of money that may be negative.
 *
 * @since 0.1.0
 * @category models
 */
export type SignedAmount = Brand.Branded<KaryaDecimal, "SignedAmount">

const rules: DecimalString.DecimalRules = {
  noun: "signed amount",
  integerDigitsMax: DecimalString.integerDigitsMax,
  placesMax: DecimalString.placesMax,
  negative: "allowed",
}

/**
 * Whether a value is a signed amount: any finite Karya decimal.
 *
 * @since 0.1.0
 * @category guards
 */
export const isSignedAmount = (value: unknown): value is SignedAmount => isKaryaDecimal(value)

/**
 * The signed amount Schema: decodes only a decimal string with an optional
 * minus sign (`"-1916.50"`) and encodes to the canonical string.
 *
 * @since 0.1.0
 * @category models
 */
export const SignedAmount = DecimalString.makeCodec({ rules, is: isSignedAmount, identifier: "SignedAmount" })

/**
 * Reads a signed amount from a decimal string, or fails with
 * `ValidationFailed` listing every problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (text: string): Result.Result<SignedAmount, ValidationFailed> =>
  DecimalString.fromStringWith(text, { rules, is: isSignedAmount })

/**
 * Reads a signed amount from a decimal string, throwing on bad input. For
 * constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): SignedAmount => {
  const parsed = fromString(text)
  if (parsed._tag === "Failure") throw parsed.failure
  return parsed.success
}

/**
 * An amount seen as a signed amount.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromAmount = (amount: Amount): SignedAmount => amount as KaryaDecimal as SignedAmount

/**
 * The amount, when the signed amount is zero or more; none when negative.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toAmount = (signedAmount: SignedAmount): Option.Option<Amount> =>
  isAmount(signedAmount) ? Option.some(signedAmount) : Option.none()

/**
 * The exact difference `minuend − subtrahend` of two amounts, which may be
 * negative.
 *
 * @since 0.1.0
 * @category math
 */
export const difference = (operands: {
  readonly minuend: Amount
  readonly subtrahend: Amount
}): SignedAmount =>
  withoutNegativeZero(plusExact(operands.minuend, operands.subtrahend.negated())) as SignedAmount

/**
 * The exact sum of two signed amounts.
 *
 * @since 0.1.0
 * @category math
 */
export const add = (augend: SignedAmount, addend: SignedAmount): SignedAmount =>
  withoutNegativeZero(plusExact(augend, addend)) as SignedAmount

/**
 * The exact sum of a list of signed amounts (zero for an empty list).
 *
 * @since 0.1.0
 * @category math
 */
export const sum = (signedAmounts: ReadonlyArray<SignedAmount>): SignedAmount => {
  let total: KaryaDecimal = new KaryaDecimal(0)
  for (const signedAmount of signedAmounts) total = plusExact(total, signedAmount)
  return withoutNegativeZero(total) as SignedAmount
}

/**
 * The same amount with the opposite sign.
 *
 * @since 0.1.0
 * @category math
 */
export const negate = (signedAmount: SignedAmount): SignedAmount =>
  withoutNegativeZero(signedAmount.negated()) as SignedAmount

/**
 * Orders two signed amounts: -1, 0 or 1.
 *
 * @since 0.1.0
 * @category math
 */
export const compare = (left: SignedAmount, right: SignedAmount): -1 | 0 | 1 => compareDecimals(left, right)

/**
 * Whether two signed amounts are equal.
 *
 * @since 0.1.0
 * @category predicates
 */
export const equals = (left: SignedAmount, right: SignedAmount): boolean => left.equals(right)

/**
 * Whether the signed amount is below zero.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isNegative = (signedAmount: SignedAmount): boolean => signedAmount.lessThan(0)

/**
 * @since 0.1.0
 * @category predicates
 */
export const isZero = (signedAmount: SignedAmount): boolean => signedAmount.isZero()

/**
 * The canonical decimal string (`"-1916.5"`): what the Schema encodes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonicalString = (signedAmount: SignedAmount): string =>
  DecimalString.toCanonical(signedAmount)

/**
 * The decimal string with exactly `scale` places (`"-1916.50"`). It never
 * rounds: round at the rule's step first.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toDecimalString = (signedAmount: SignedAmount, options: { readonly scale: Scale }): string =>
  DecimalString.toFixed(signedAmount, options)
