/**
 * Local dates, tenant time zones, financial years, effective periods and
 * weeks (spec 01-kernel.md, TIME-1..5).
 *
 * @since 0.1.0
 */
export * as LocalDate from "./LocalDate.js"
export * as TimeZone from "./TimeZone.js"
