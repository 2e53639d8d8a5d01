/**
 * Tenants and tenant configuration (spec 01-kernel.md TEN-1, CONF-1..2):
 * tenant ids and their state tenant, the configuration Schema with MUKTA's
 * defaults, loading that reports every problem at once, and the
 * `TenantSettings` port every use case reads its tenant's configuration from.
 *
 * @since 0.1.0
 */
import { TenantNotServed } from "./TenantSettings.js"

export * as MuktaConfiguration from "./MuktaConfiguration.js"
export * as NotificationTemplates from "./NotificationTemplates.js"
export * as TenantConfiguration from "./TenantConfiguration.js"
export * as TenantId from "./TenantId.js"
export * as TenantSettings from "./TenantSettings.js"

/**
 * The error classes this module defines (code registry). A configuration
 * that fails to load is reported as `ValidationFailed`.
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [TenantNotServed] as const
