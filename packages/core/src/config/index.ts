/**
 * Tenants and tenant configuration (spec 01-kernel.md TEN-1, CONF-1..2):
 * tenant ids and their state tenant, the configuration Schema with MUKTA's
 * defaults, and loading that reports every problem at once.
 *
 * @since 0.1.0
 */
export * as MuktaConfiguration from "./MuktaConfiguration.js"
export * as TenantConfiguration from "./TenantConfiguration.js"
export * as TenantId from "./TenantId.js"

/**
 * The error classes this module defines (code registry): none, because a
 * configuration that fails to load is reported as `ValidationFailed`.
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [] as const
