/**
 * Indian presentation of rupee amounts (MONEY-5, KPI-17): digits grouped
 * lakh/crore style (`15,00,000.00`, `12,34,56,789.50`), optionally scaled to
 * the dashboard denominations Lac (÷ 1,00,000) and Cr (÷ 1,00,00,000). The
 * caller names the scale; the shown figure is rounded half away from zero
 * (MONEY-2). Presentation only: never parse these strings back as amounts.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { KaryaDecimal, timesExact } from "../internal/Decimal.js"
import type { Amount } from "./Amount.js"
import * as DecimalString from "./DecimalString.js"
import { round } from "./Rounding.js"
import type { Scale } from "./Scale.js"
import type { SignedAmount } from "./SignedAmount.js"

/**
 * The unit an amount is shown in: rupees, lakhs (Lac) or crores (Cr).
 *
 * @since 0.1.0
 * @category models
 */
export const Denomination = Schema.Literals(["Unit", "Lac", "Cr"])

/**
 * @since 0.1.0
 * @category models
 */
export type Denomination = typeof Denomination.Type

/** The factor that turns rupees into the denomination: exact powers of ten. */
const factors: Record<Denomination, KaryaDecimal> = {
  Unit: new KaryaDecimal("1"),
  Lac: new KaryaDecimal("0.00001"),
  Cr: new KaryaDecimal("0.0000001"),
}

/** `1234567` → `12,34,567`: the last three digits, then pairs. */
const groupIndian = (digits: string): string => {
  if (digits.length <= 3) return digits
  const pairs = digits.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ",")
  return `${pairs},${digits.slice(-3)}`
}

/**
 * Formats an amount Indian style in a denomination with `scale` places:
 * `formatInr(15,00,000, { denomination: "Unit", scale: 2 })` is
 * `"15,00,000.00"`, in `"Lac"` `"15.00"`, in `"Cr"` `"0.15"`. A negative
 * signed amount starts with `-`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const formatInr = (
  amount: Amount | SignedAmount,
  options: { readonly denomination: Denomination; readonly scale: Scale },
): string => {
  const inDenomination = timesExact(amount, factors[options.denomination]) as SignedAmount
  const shown = round(inDenomination, { scale: options.scale, mode: "halfAwayFromZero" })
  const fixed = DecimalString.toFixed(shown, { scale: options.scale })
  const sign = fixed.startsWith("-") ? "-" : ""
  const [integer = "", fraction] = fixed.slice(sign.length).split(".")
  return `${sign}${groupIndian(integer)}${fraction === undefined ? "" : `.${fraction}`}`
}
