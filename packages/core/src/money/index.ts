/**
 * Exact money and quantities (spec 01-kernel.md MONEY-1..5, QTY-1..4):
 * amounts, rates and quantities as exact decimals built only from decimal
 * strings, rounding half away from zero at named scales, measured
 * quantities, line amounts and percentage shares, and Indian-style
 * presentation.
 *
 * @since 0.1.0
 */
export * as Amount from "./Amount.js"
export * as DecimalString from "./DecimalString.js"
export * as Inr from "./Inr.js"
export * as Measurement from "./Measurement.js"
export * as Percentage from "./Percentage.js"
export * as Quantity from "./Quantity.js"
export * as Rate from "./Rate.js"
export * as Rounding from "./Rounding.js"
export * as Scale from "./Scale.js"
export * as SignedAmount from "./SignedAmount.js"

/**
 * The error classes this module defines (code registry). Money reports bad
 * input as `ValidationFailed` problems (codes exported beside the code that
 * reports them) and broken invariants as defects, so it defines none.
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [] as const
