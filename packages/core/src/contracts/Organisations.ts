/**
 * The organisations a work order may be issued to (WO-1, ORG-1, ORG-3), as
 * the contracts module reads them: an anti-corruption port in front of the
 * registries module. It gives an organisation's standing only: tenant, type
 * (CBO or vendor), status and validity window. Whether that standing makes it
 * eligible is decided by `OrganisationEligibility`.
 *
 * `layerFromRegistries` implements the port over the registries module's
 * `OrganisationRepository`; `layerMemory` serves a fixed list for tests and
 * embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { Organisation } from "../registries/Organisation.js"
import { OrganisationRepository } from "../registries/OrganisationRepository.js"
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

const statusFromRegistry: Readonly<Record<Organisation["status"], OrganisationStatus>> = {
  ACTIVE: "active",
  INACTIVE: "inactive",
  DEBARRED: "debarred",
}

/**
 * The standing of an organisation of the registries (ORG-1): its type and
 * status in the contracts module's words, and its validity period as the
 * valid-from and valid-to dates (valid-to absent when the period is open).
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromOrganisation = (organisation: Organisation): OrganisationStanding => ({
  organisationId: organisation.id,
  tenantId: organisation.tenantId,
  name: organisation.name,
  type: organisation.type === "CBO" ? "CBO" : "vendor",
  status: statusFromRegistry[organisation.status],
  validFrom: organisation.validity.effectiveFrom,
  ...(organisation.validity.effectiveTo === undefined ? {} : { validTo: organisation.validity.effectiveTo }),
})

/**
 * The port over the registries (WO-1, ORG-1): the organisation registered in
 * the tenant under the id, converted with `fromOrganisation`. The port has
 * no failure channel, so a registry that cannot be reached
 * (`STORE_UNAVAILABLE`) is a defect here: the work-order request fails
 * whole before anything is written.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromRegistries: Layer.Layer<Organisations, never, OrganisationRepository> = Layer.effect(
  Organisations,
  Effect.map(OrganisationRepository, (repository) =>
    Organisations.of({
      standingOf: (key) =>
        repository.get({ tenantId: key.tenantId, id: key.organisationId }).pipe(
          Effect.map((organisation) => Option.some(fromOrganisation(organisation))),
          Effect.catchTag("OrganisationNotFound", () => Effect.succeed(Option.none<OrganisationStanding>())),
          Effect.orDie,
        ),
    }),
  ),
)
