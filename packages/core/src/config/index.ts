/**
 * Tenants and tenant configuration (spec 01-kernel.md, TEN-1, CONF-1..2).
 *
 * @since 0.1.0
 */
export * as TenantId from "./TenantId.js"
