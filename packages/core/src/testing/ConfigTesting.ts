/**
 * Test support for tenant settings (CONF-1): running a request with another
 * configuration of its tenant, to test a setting.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import * as TenantSettings from "../config/TenantSettings.js"

/**
 * Runs a request with `configuration` as its tenant's settings, in place of
 * the `TenantSettings` the test provides around it.
 *
 * @since 0.1.0
 * @category testing
 */
export const withTenantConfiguration =
  (configuration: TenantConfiguration) =>
  <A, E, R>(
    request: Effect.Effect<A, E, R>,
  ): Effect.Effect<A, E, Exclude<R, TenantSettings.TenantSettings>> =>
    request.pipe(Effect.provide(TenantSettings.layerMemory([configuration])))
