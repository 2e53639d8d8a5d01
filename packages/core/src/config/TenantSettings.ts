/**
 * The tenant settings port (CONF-1, TEN-1): where every use case reads its
 * tenant's configuration. This is the one place and the one shape tenant
 * settings reach core: a use case's request names the tenant (`tenantId`, or
 * the record it acts on), and the use case asks this port for that tenant's
 * `TenantConfiguration`, which holds every setting of every module (the
 * kernel's, the contract features, measurement after the end date, the JIT
 * codes, the SMS templates and the SOR masters). No use case takes a
 * configuration, features or payment settings as an argument.
 *
 * Why a port rather than an argument: the configuration is the tenant's, not
 * the caller's, so a caller cannot pass a configuration of another tenant or
 * a stale copy; wiring layers that other modules call with only a tenant id
 * (attendance registers, rate-analysis content) read it the same way; and an
 * integrator provides it once, as any other port. Below the use cases, the
 * steps they compose (`Bills.BillSubmission.submit`,
 * `Contracts.WorkOrderIssue.decideContent`, `Estimates.EstimatePricing.price`,
 * `Rates.RateAnalysisMaintenance.analyseOn`…) take the configuration their
 * use case read, and pure functions the values they need (house rule 11).
 * A use case that needs no setting (a read by id) does not read the port.
 *
 * `layerMemory` serves a fixed list of configurations; an integrator that
 * keeps configurations in a database implements the port over it.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { TenantConfiguration } from "./TenantConfiguration.js"
import type { TenantId } from "./TenantId.js"

/**
 * No configuration is set up for the tenant: this deployment does not serve
 * it (TEN-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class TenantNotServed extends Schema.TaggedError<TenantNotServed>(
  "@karya/core/config/TenantNotServed",
)("TenantNotServed", { tenantId: Schema.String }) {
  static readonly code = "TENANT_NOT_SERVED"
  static readonly category = "notFound"
  readonly code = TenantNotServed.code
  readonly category = TenantNotServed.category
  readonly retryable = false
  override get message(): string {
    return `This deployment does not serve ${this.tenantId}: no configuration is set up for it. Check the ULB you are working in (the X-Tenant-Id header), or ask the administrator to configure it.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface TenantSettingsShape {
  /** The configuration of a tenant, or `TENANT_NOT_SERVED`. */
  readonly get: (tenantId: TenantId) => Effect.Effect<TenantConfiguration, TenantNotServed>
}

/**
 * The tenant settings port.
 *
 * @since 0.1.0
 * @category services
 */
export class TenantSettings extends Context.Service<TenantSettings, TenantSettingsShape>()(
  "@karya/core/config/TenantSettings",
) {}

/**
 * The configuration of a tenant, read from the port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const configurationOf = (
  tenantId: TenantId,
): Effect.Effect<TenantConfiguration, TenantNotServed, TenantSettings> =>
  TenantSettings.use((settings) => settings.get(tenantId))

/**
 * An in-memory port over a fixed list of configurations, one per tenant
 * (a later one of the same tenant replaces an earlier one).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (
  configurations: ReadonlyArray<TenantConfiguration>,
): Layer.Layer<TenantSettings> => {
  const byTenant = new Map<string, TenantConfiguration>(
    configurations.map((configuration) => [configuration.tenantId, configuration]),
  )
  return Layer.succeed(
    TenantSettings,
    TenantSettings.of({
      get: (tenantId) => {
        const found = byTenant.get(tenantId)
        return found === undefined ? Effect.fail(new TenantNotServed({ tenantId })) : Effect.succeed(found)
      },
    }),
  )
}
