/**
 * The tenants the server serves and their settings: each ULB's
 * configuration and payment settings (JIT codes, SMS templates). The
 * handlers look the request's tenant up here; a tenant the server does not
 * serve is a 404 (`TENANT_NOT_SERVED`).
 *
 * @since 0.1.0
 */
import type { Config, Payments } from "@karya/core"
import { Context, Effect, Layer, Schema } from "effect"

type TenantId = Config.TenantId.TenantId
type PaymentSettings = Payments.PaymentSettings.PaymentSettings

/**
 * The server does not serve the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class TenantNotServed extends Schema.TaggedError<TenantNotServed>(
  "@karya/http/Tenants/TenantNotServed",
)("TenantNotServed", { tenantId: Schema.String }) {
  static readonly code = "TENANT_NOT_SERVED"
  static readonly category = "notFound"
  readonly code = TenantNotServed.code
  readonly category = TenantNotServed.category
  readonly retryable = false
  override get message(): string {
    return `This server does not serve ${this.tenantId}; check the X-Tenant-Id header.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface TenantsShape {
  /** The settings of a served tenant (its configuration is `settings.configuration`). */
  readonly settings: (tenantId: TenantId) => Effect.Effect<PaymentSettings, TenantNotServed>
}

/**
 * The tenants the server serves.
 *
 * @since 0.1.0
 * @category services
 */
export class Tenants extends Context.Service<Tenants, TenantsShape>()("@karya/http/Tenants") {}

/**
 * A fixed list of tenants.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerStatic = (settings: ReadonlyArray<PaymentSettings>): Layer.Layer<Tenants> => {
  const byTenant = new Map(settings.map((item) => [item.configuration.tenantId as string, item]))
  return Layer.succeed(
    Tenants,
    Tenants.of({
      settings: (tenantId) => {
        const found = byTenant.get(tenantId)
        return found === undefined ? Effect.fail(new TenantNotServed({ tenantId })) : Effect.succeed(found)
      },
    }),
  )
}

/**
 * The settings of a tenant.
 *
 * @since 0.1.0
 * @category accessors
 */
export const settingsOf = (tenantId: TenantId): Effect.Effect<PaymentSettings, TenantNotServed, Tenants> =>
  Tenants.use((tenants) => tenants.settings(tenantId))
