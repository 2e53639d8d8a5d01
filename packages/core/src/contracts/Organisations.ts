/**
 * The organisations a work order may be issued to (WO-1, ORG-1, ORG-3), as
 * the contracts module reads them: an anti-corruption port in front of the
 * registries module. It gives an organisation's standing only: tenant, type
 * (CBO or vendor), status and validity window. Whether that standing makes it
 * eligible is decided by `OrganisationEligibility`.
 *
 * The registries module provides the production layer; `layerMemory` serves a
 * fixed list for tests and embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * What kind of organisation it is (ORG-1): a community-based organisation or
 * a vendor.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganisationType = Schema.Literals(["CBO", "vendor"])

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationType = typeof OrganisationType.Type

/**
 * An organisation's status (ORG-1); debarred covers blacklisted.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganisationStatus = Schema.Literals(["active", "inactive", "debarred"])

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationStatus = typeof OrganisationStatus.Type

/**
 * What the contracts module needs to know about an organisation.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganisationStanding = Schema.Struct({
  organisationId: Schema.NonEmptyString,
  tenantId: TenantId,
  name: Schema.String,
  type: OrganisationType,
  status: OrganisationStatus,
  validFrom: LocalDate,
  /** The last day of validity; absent when the registration has no end. */
  validTo: Schema.optionalKey(LocalDate),
})

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationStanding = typeof OrganisationStanding.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface OrganisationsShape {
  /**
   * The standing of an organisation registered in `tenantId`, or none when
   * no such organisation is registered there.
   */
  readonly standingOf: (key: {
    readonly tenantId: TenantId
    readonly organisationId: string
  }) => Effect.Effect<Option.Option<OrganisationStanding>>
}

/**
 * The organisations port.
 *
 * @since 0.1.0
 * @category services
 */
export class Organisations extends Context.Service<Organisations, OrganisationsShape>()(
  "@karya/core/contracts/Organisations",
) {}

/**
 * An organisation's standing from the `Organisations` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const standingOf = (key: {
  readonly tenantId: TenantId
  readonly organisationId: string
}): Effect.Effect<Option.Option<OrganisationStanding>, never, Organisations> =>
  Organisations.use((organisations) => organisations.standingOf(key))

/**
 * An in-memory port serving a fixed list of organisations (kept in a `Ref`),
 * each found only in its own tenant.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (organisations: ReadonlyArray<OrganisationStanding>): Layer.Layer<Organisations> =>
  Layer.effect(
    Organisations,
    Effect.map(Ref.make(organisations), (stored) =>
      Organisations.of({
        standingOf: (key) =>
          Effect.map(Ref.get(stored), (all) =>
            Option.fromNullishOr(
              all.find(
                (organisation) =>
                  organisation.tenantId === key.tenantId &&
                  organisation.organisationId === key.organisationId,
              ),
            ),
          ),
      }),
    ),
  )
