/**
 * fast-check arbitraries for money and quantities (spec 01-kernel.md,
 * MONEY-1..5, QTY-1..4): canonical decimal strings with a bounded number of
 * integer digits and places, and the amounts, rates, quantities, signed
 * amounts and measurement factors read from them. Canonical strings have no
 * leading zeros, no trailing fractional zeros and no `-0`, so decoding then
 * encoding one returns it unchanged.
 *
 * @since 0.1.0
 */
import * as fc from "fast-check"
import * as Amount from "../money/Amount.js"
import type { MeasurementFactor, MeasurementRowInput } from "../money/Measurement.js"
import * as Measurement from "../money/Measurement.js"
import * as Percentage from "../money/Percentage.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import * as SignedAmount from "../money/SignedAmount.js"

/**
 * Integer digits of generated amounts, rates and quantities unless an
 * arbitrary is told otherwise: up to ₹9,99,999 crore, larger than any bill
 * yet small enough that sums of many stay within the wire limit of 15.
 *
 * @since 0.1.0
 * @category testing
 */
export const defaultIntegerDigitsMax = 12

/**
 * Canonical decimal strings (`"0"`, `"1916"`, `"0.05"`, `"-12.5"`) with at
 * most `integerDigitsMax` digits before the point and `scaleMax` after it;
 * `sign: "signed"` also gives negative values.
 *
 * @since 0.1.0
 * @category testing
 */
export const decimalStringArbitrary = (options: {
  readonly integerDigitsMax: number
  readonly scaleMax: number
  readonly sign: "nonNegative" | "signed"
}): fc.Arbitrary<string> =>
  fc
    .record({
      integer: fc.bigInt({ min: 0n, max: 10n ** BigInt(options.integerDigitsMax) - 1n }),
      places: fc.integer({ min: 0, max: options.scaleMax }),
      fractionSeed: fc.bigInt({ min: 0n, max: 10n ** BigInt(options.scaleMax) - 1n }),
      negative: options.sign === "signed" ? fc.boolean() : fc.constant(false),
    })
    .map(({ integer, places, fractionSeed, negative }) => {
      const fraction = (fractionSeed % 10n ** BigInt(places))
        .toString()
        .padStart(places, "0")
        .replace(/0+$/, "")
      const magnitude = fraction === "" ? integer.toString() : `${integer}.${fraction}`
      const isZero = integer === 0n && fraction === ""
      return negative && !isZero ? `-${magnitude}` : magnitude
    })

/**
 * Canonical amount strings with at most `scaleMax` places.
 *
 * @since 0.1.0
 * @category testing
 */
export const amountStringArbitrary = (options: {
  readonly scaleMax: number
  readonly integerDigitsMax?: number
}): fc.Arbitrary<string> =>
  decimalStringArbitrary({
    integerDigitsMax: options.integerDigitsMax ?? defaultIntegerDigitsMax,
    scaleMax: options.scaleMax,
    sign: "nonNegative",
  })

/**
 * Amounts with at most `scaleMax` places.
 *
 * @since 0.1.0
 * @category testing
 */
export const amountArbitrary = (options: {
  readonly scaleMax: number
  readonly integerDigitsMax?: number
}): fc.Arbitrary<Amount.Amount> => amountStringArbitrary(options).map(Amount.makeUnsafe)

/**
 * Signed amounts (negative, zero or positive) with at most `scaleMax` places.
 *
 * @since 0.1.0
 * @category testing
 */
export const signedAmountArbitrary = (options: {
  readonly scaleMax: number
  readonly integerDigitsMax?: number
}): fc.Arbitrary<SignedAmount.SignedAmount> =>
  decimalStringArbitrary({
    integerDigitsMax: options.integerDigitsMax ?? defaultIntegerDigitsMax,
    scaleMax: options.scaleMax,
    sign: "signed",
  }).map(SignedAmount.makeUnsafe)

/**
 * Rates with at most `scaleMax` places.
 *
 * @since 0.1.0
 * @category testing
 */
export const rateArbitrary = (options: {
  readonly scaleMax: number
  readonly integerDigitsMax?: number
}): fc.Arbitrary<Rate.Rate> => amountStringArbitrary(options).map(Rate.makeUnsafe)

/**
 * Quantities with at most `scaleMax` places.
 *
 * @since 0.1.0
 * @category testing
 */
export const quantityArbitrary = (options: {
  readonly scaleMax: number
  readonly integerDigitsMax?: number
}): fc.Arbitrary<Quantity.Quantity> => amountStringArbitrary(options).map(Quantity.makeUnsafe)

/**
 * Percentages (`"7.5"`, `"18"`) within the wire limits: up to 3 integer
 * digits and 4 places.
 *
 * @since 0.1.0
 * @category testing
 */
export const percentageArbitrary = (): fc.Arbitrary<Percentage.Percentage> =>
  decimalStringArbitrary({
    integerDigitsMax: Percentage.percentageIntegerDigitsMax,
    scaleMax: Percentage.percentagePlacesMax,
    sign: "nonNegative",
  }).map(Percentage.makeUnsafe)

/**
 * Valid non-empty measurement factor strings (QTY-1): at most 6 integer
 * digits and 4 places, zero included.
 *
 * @since 0.1.0
 * @category testing
 */
export const measurementFactorStringArbitrary = (): fc.Arbitrary<string> =>
  decimalStringArbitrary({
    integerDigitsMax: Measurement.factorIntegerDigitsMax,
    scaleMax: Measurement.factorPlacesMax,
    sign: "nonNegative",
  })

/**
 * Valid measurement factors (QTY-1).
 *
 * @since 0.1.0
 * @category testing
 */
export const measurementFactorArbitrary = (): fc.Arbitrary<MeasurementFactor> =>
  measurementFactorStringArbitrary().map(Measurement.makeFactorUnsafe)

const factorInputArbitrary: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: measurementFactorStringArbitrary() },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constant("0") },
  { weight: 1, arbitrary: fc.constant(undefined) },
)

/**
 * Valid measurement rows as a clerk sends them: each factor a valid decimal
 * string, `""`, `"0"` or absent (QTY-1, QTY-2).
 *
 * @since 0.1.0
 * @category testing
 */
export const measurementRowInputArbitrary = (): fc.Arbitrary<MeasurementRowInput> =>
  fc
    .record({
      number: factorInputArbitrary,
      length: factorInputArbitrary,
      breadth: factorInputArbitrary,
      depth: factorInputArbitrary,
    })
    .map((factors) => {
      const row: { -readonly [Name in keyof MeasurementRowInput]: string } = {}
      for (const name of Measurement.factorNames) {
        const factor = factors[name]
        if (factor !== undefined) row[name] = factor
      }
      return row
    })
