/**
 * Tenant ids (TEN-1), published as `Config.TenantId`. The Schema and its
 * functions live in `ids/TenantId.ts`: `ids` and `workflow` need a tenant id
 * while `config` needs `ids` and `workflow`, so defining it here made import
 * cycles between the modules (ARCH-1).
 *
 * @since 0.1.0
 */
export * from "../ids/TenantId.js"
