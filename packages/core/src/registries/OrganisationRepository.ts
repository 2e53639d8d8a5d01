/**
 * The store of organisations (ORG-1..ORG-3): versioned records (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. No two organisations of a tenant share an
 * external registration id (ORG-3): the `externalRegistration` unique rule
 * refuses a write that would break it with `ORG_EXISTS` naming the holder.
 *
 * - by id: `get({ tenantId, id })` (or `ORGANISATION_NOT_FOUND`);
 * - by number or registration id: `findFirst(repository, { tenantId, where: { number } })`;
 * - the staff member with a mobile number anywhere in the state (ORG-2):
 *   `findFirst` with `reach: "state"` and `where: { staffMobileNumbers: mobile }`,
 *   then the member in the organisation's `staff`;
 * - the tenant's organisations listing a user as staff: `find` with
 *   `where: { staffUserIds: userId }`, `orderBy: "number"`.
 *
 * @since 0.1.0
 */
import { Context, type Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { Organisation, OrganisationNotFound, OrgExists } from "./Organisation.js"

/**
 * How organisations are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Organisation>()({
  name: "Organisation",
  schema: Organisation,
  idOf: (organisation) => organisation.id,
  columns: {
    number: { type: "text", of: (organisation) => organisation.number, sortable: true },
    externalRegistrationId: { type: "text", of: (organisation) => organisation.externalRegistrationId },
    staffMobileNumbers: {
      type: "textList",
      of: (organisation) => organisation.staff.map((member) => member.mobileNumber),
    },
    staffUserIds: {
      type: "textList",
      of: (organisation) => organisation.staff.map((member) => member.userId),
    },
  },
  uniques: {
    externalRegistration: {
      scope: "tenant",
      keyOf: (organisation) => organisation.externalRegistrationId,
      conflict: ({ aggregate, holder }) =>
        new OrgExists({
          externalRegistrationId: aggregate.externalRegistrationId,
          existingOrganisationId: holder.id,
        }),
    },
  },
  notFound: (key) => new OrganisationNotFound({ tenantId: key.tenantId, organisationId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type OrganisationRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The organisation repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class OrganisationRepository extends Context.Service<
  OrganisationRepository,
  OrganisationRepositoryShape
>()("@karya/core/registries/OrganisationRepository") {}

/**
 * The organisation store's registration (port and descriptor): its module lists
 * it in `stores`, and an implementation that serves only some stores
 * (`PgStores.persisted`) names it, never its position in that list.
 *
 * @since 0.1.0
 * @category layers
 */
export const registration = AggregateStore.register(OrganisationRepository, descriptor)

/**
 * An in-memory organisation store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<OrganisationRepository> = AggregateStore.layerMemory(
  OrganisationRepository,
  descriptor,
)
