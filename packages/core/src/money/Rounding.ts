/**
 * Rounding at a named scale (MONEY-2, MONEY-3). Karya rounds half away from
 * zero (…5 goes away from zero: 2.675 → 2.68, −0.5 → −1), the mode of the
 * Java services it replaces, and only at the step a rule names; every call
 * passes its scale and its mode. The tenant's scales are data
 * ({@link RoundingScales}, MUKTA defaults in {@link muktaRoundingScales}).
 *
 * @since 0.1.0
 */
import type { Decimal } from "decimal.js"
import { Schema } from "effect"
import { assert } from "../internal/assert.js"
import { KaryaDecimal, withoutNegativeZero } from "../internal/Decimal.js"
import type { Amount } from "./Amount.js"
import type { Quantity } from "./Quantity.js"
import type { Rate } from "./Rate.js"
import { assertScale, Scale } from "./Scale.js"
import type { SignedAmount } from "./SignedAmount.js"

/**
 * How a value is rounded, named by direction. `halfAwayFromZero` is MUKTA's
 * "half-up" (MONEY-2; decimal.js `ROUND_HALF_UP`, not Dinero's `halfUp`,
 * which rounds −1.5 to −1). No rule needs another mode yet.
 *
 * @since 0.1.0
 * @category models
 */
export const RoundingMode = Schema.Literal("halfAwayFromZero")

/**
 * @since 0.1.0
 * @category models
 */
export type RoundingMode = typeof RoundingMode.Type

/**
 * The values Karya rounds. Rounding keeps the sign, so a non-negative value
 * stays non-negative and keeps its type.
 *
 * @since 0.1.0
 * @category models
 */
export type Roundable = Amount | Rate | Quantity | SignedAmount

const decimalJsModes: Record<RoundingMode, Decimal.Rounding> = {
  halfAwayFromZero: KaryaDecimal.ROUND_HALF_UP,
}

/**
 * Rounds a value to `scale` decimal places in the given mode. Idempotent at
 * its scale: rounding a rounded value changes nothing.
 *
 * @since 0.1.0
 * @category math
 */
export const round = <T extends Roundable>(
  value: T,
  options: { readonly scale: Scale; readonly mode: RoundingMode },
): T => {
  assertScale(options.scale)
  const rounded = withoutNegativeZero(value.toDecimalPlaces(options.scale, decimalJsModes[options.mode]))
  const halfUnit = new KaryaDecimal(5).times(new KaryaDecimal(10).pow(-options.scale - 1))
  assert(rounded.decimalPlaces() <= options.scale, "the rounded value has at most `scale` places")
  assert(
    rounded.minus(value).abs().lte(halfUnit),
    "rounding moves a value by at most half a unit of the scale",
  )
  assert(value.isNegative() || !rounded.isNegative(), "rounding a non-negative value keeps it non-negative")
  return rounded as T
}

/**
 * The tenant's rounding scales (MONEY-3, CONF-1): decimal places of each kind
 * of value. A self-contained Schema for the tenant configuration.
 *
 * @since 0.1.0
 * @category models
 */
export const RoundingScales = Schema.Struct({
  /** Estimate line, overhead and total amounts. */
  estimateAmount: Scale,
  /** Measurement-book entry and line amounts. */
  measurementBookAmount: Scale,
  /** Rate-analysis head contributions and totals. */
  rateAnalysisAmount: Scale,
  /** Wage, purchase and supervision bill line amounts (MUKTA: whole rupees). */
  billLineAmount: Scale,
  /** Payment-instruction amounts as sent to JIT-FS (`"1916.00"`). */
  paymentInstructionAmount: Scale,
  /** Measured and line quantities (QTY-2, QTY-3). */
  quantity: Scale,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RoundingScales = typeof RoundingScales.Type

/**
 * MUKTA's rounding scales (MONEY-3): amounts of estimates, measurement books
 * and rate analyses 2 places, bill lines whole rupees, payment instructions
 * 2 places, quantities 4 places.
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaRoundingScales: RoundingScales = {
  estimateAmount: 2,
  measurementBookAmount: 2,
  rateAnalysisAmount: 2,
  billLineAmount: 0,
  paymentInstructionAmount: 2,
  quantity: 4,
}
