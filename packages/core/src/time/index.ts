/**
 * Local dates, tenant time zones, financial years, effective periods and
 * weeks (spec 01-kernel.md TIME-1..5).
 *
 * @since 0.1.0
 */
export * as BusinessClock from "./BusinessClock.js"
export * as EffectivePeriod from "./EffectivePeriod.js"
export * as FinancialYear from "./FinancialYear.js"
export * as LocalDate from "./LocalDate.js"
export * as TimeZone from "./TimeZone.js"
export * as Week from "./Week.js"

/**
 * The error classes this module defines (code registry): none, because
 * time's decoders report `ValidationFailed` and its calculators cannot fail.
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [] as const
