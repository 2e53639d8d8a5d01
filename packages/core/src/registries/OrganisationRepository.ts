/**
 * The store of organisations (ORG-1..ORG-3): versioned records (DB-4),
 * tenant-scoped (TEN-1). No two organisations of a tenant share an external
 * registration id: an insert or update that would break this fails with
 * `ORG_EXISTS`, so a SQL implementation maps its unique constraint onto it.
 * Staff users are found by mobile number across the state (ORG-2). Every
 * implementation passes `OrganisationRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Result } from "effect"
import { reaches, stateTenantOf, type TenantId } from "../config/TenantId.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { modifyOrFail } from "./internal/MemoryStore.js"
import { type Organisation, OrgExists } from "./Organisation.js"
import type { RegistryUnavailable } from "./RegistryUnavailable.js"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface OrganisationRepositoryShape {
  readonly insert: (organisation: Organisation) => Effect.Effect<void, OrgExists | RegistryUnavailable>
  /** Replaces a record whose stored version is `expectedVersion`. */
  readonly update: (request: {
    readonly organisation: Organisation
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | OrgExists | RegistryUnavailable>
  readonly findById: (query: {
    readonly tenantId: TenantId
    readonly id: string
  }) => Effect.Effect<Option.Option<Organisation>, RegistryUnavailable>
  readonly findByNumber: (query: {
    readonly tenantId: TenantId
    readonly number: string
  }) => Effect.Effect<Option.Option<Organisation>, RegistryUnavailable>
  readonly findByExternalRegistrationId: (query: {
    readonly tenantId: TenantId
    readonly externalRegistrationId: string
  }) => Effect.Effect<Option.Option<Organisation>, RegistryUnavailable>
  /** The user id of the staff member with this mobile number in any organisation of the tenant's state. */
  readonly findStaffUserIdByMobileNumber: (query: {
    readonly tenantId: TenantId
    readonly mobileNumber: string
  }) => Effect.Effect<Option.Option<string>, RegistryUnavailable>
  /** The organisations of the tenant that list the user as staff, ordered by number. */
  readonly findByStaffUserId: (query: {
    readonly tenantId: TenantId
    readonly userId: string
  }) => Effect.Effect<ReadonlyArray<Organisation>, RegistryUnavailable>
}

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

type State = ReadonlyMap<string, Organisation>

const keyOf = (tenantId: string, id: string): string => JSON.stringify([tenantId, id])

const holderOf = (state: State, organisation: Organisation): Organisation | undefined =>
  [...state.values()].find(
    (other) =>
      other.id !== organisation.id &&
      other.tenantId === organisation.tenantId &&
      other.externalRegistrationId === organisation.externalRegistrationId,
  )

const written = (
  state: State,
  organisation: Organisation,
): Result.Result<readonly [undefined, State], OrgExists> => {
  const holder = holderOf(state, organisation)
  return holder === undefined
    ? Result.succeed([
        undefined,
        new Map(state).set(keyOf(organisation.tenantId, organisation.id), organisation),
      ])
    : Result.fail(
        new OrgExists({
          externalRegistrationId: organisation.externalRegistrationId,
          existingOrganisationId: holder.id,
        }),
      )
}

const inTenant = (state: State, tenantId: TenantId): ReadonlyArray<Organisation> =>
  [...state.values()].filter((organisation) => organisation.tenantId === tenantId)

const make = Effect.map(Ref.make<State>(new Map()), (state) =>
  OrganisationRepository.of({
    insert: (organisation) => modifyOrFail(state, (current) => written(current, organisation)),
    update: ({ organisation, expectedVersion }) =>
      modifyOrFail(state, (current): Result.Result<readonly [undefined, State], StaleVersion | OrgExists> => {
        const actualVersion = current.get(keyOf(organisation.tenantId, organisation.id))?.version ?? 0
        return actualVersion === expectedVersion
          ? written(current, organisation)
          : Result.fail(new StaleVersion({ entityId: organisation.id, expectedVersion, actualVersion }))
      }),
    findById: ({ tenantId, id }) =>
      Effect.map(Ref.get(state), (current) => Option.fromUndefinedOr(current.get(keyOf(tenantId, id)))),
    findByNumber: ({ tenantId, number }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(
          inTenant(current, tenantId).find((organisation) => organisation.number === number),
        ),
      ),
    findByExternalRegistrationId: ({ tenantId, externalRegistrationId }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(
          inTenant(current, tenantId).find(
            (organisation) => organisation.externalRegistrationId === externalRegistrationId,
          ),
        ),
      ),
    findStaffUserIdByMobileNumber: ({ tenantId, mobileNumber }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(
          [...current.values()]
            .filter((organisation) =>
              reaches({ holder: stateTenantOf(tenantId), record: organisation.tenantId }),
            )
            .flatMap((organisation) => organisation.staff)
            .find((member) => member.mobileNumber === mobileNumber)?.userId,
        ),
      ),
    findByStaffUserId: ({ tenantId, userId }) =>
      Effect.map(Ref.get(state), (current) =>
        inTenant(current, tenantId)
          .filter((organisation) => organisation.staff.some((member) => member.userId === userId))
          .toSorted((left, right) => (left.number < right.number ? -1 : left.number > right.number ? 1 : 0)),
      ),
  }),
)

/**
 * An in-memory organisation store: records in a `Ref`, each write atomic.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<OrganisationRepository> = Layer.effect(OrganisationRepository, make)
