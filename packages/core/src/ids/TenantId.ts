/**
 * Tenants (TEN-1). A tenant is a ULB such as `od.dhenkanal` under a state
 * tenant `od`; every record belongs to exactly one tenant. A role held in the
 * state tenant reaches every ULB under it.
 *
 * The tenant id is the identity every record's key starts with (DB-2), so it
 * lives with the other identities: `ids` and `workflow` need it, and `config`
 * (which needs both) re-exports it as `Config.TenantId`, the name callers use.
 * Kept here, below `config`, the modules import one another without a cycle
 * (ARCH-1).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const shape = /^[a-z]{2,10}(\.[a-z0-9_]{2,64})?$/

/**
 * A tenant id: a state code (`od`) or a state code and a ULB (`od.dhenkanal`).
 *
 * @since 0.1.0
 * @category models
 */
export const TenantId = Schema.String.check(
  Schema.makeFilter((text: string) =>
    shape.test(text)
      ? undefined
      : `"${text}" is not a tenant id: write the state code, or state code and ULB (od, od.dhenkanal)`,
  ),
).pipe(Schema.brand("TenantId"))

/**
 * @since 0.1.0
 * @category models
 */
export type TenantId = typeof TenantId.Type

/**
 * Decodes a tenant id, throwing when malformed. For constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): TenantId => Schema.decodeUnknownSync(TenantId)(text)

/**
 * The state tenant of a tenant (`od.dhenkanal` → `od`; `od` → `od`).
 *
 * @since 0.1.0
 * @category conversions
 */
export const stateTenantOf = (tenantId: TenantId): TenantId => tenantId.split(".")[0] as TenantId

/**
 * @since 0.1.0
 * @category predicates
 */
export const isStateTenant = (tenantId: TenantId): boolean => !tenantId.includes(".")

/**
 * Whether a grant held in `holder` reaches a record of `record`: the same
 * tenant, or the record's state tenant (TEN-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const reaches = (tenants: { readonly holder: TenantId; readonly record: TenantId }): boolean =>
  tenants.holder === tenants.record || tenants.holder === stateTenantOf(tenants.record)
