/**
 * The store of wage seekers (IND-1..IND-3): versioned records (DB-4) with
 * their history, tenant-scoped (TEN-1). One wage seeker per identity
 * document (type and search key) within a state (IND-2): an insert or update
 * that would break this fails with `WAGE_SEEKER_EXISTS`, so a SQL
 * implementation maps its unique constraint straight onto it. Searches by
 * sensitive numbers take their keyed-hash search keys (PRIV-2). Every
 * implementation passes `WageSeekerRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Result } from "effect"
import { reaches, stateTenantOf, type TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { modifyOrFail } from "./internal/MemoryStore.js"
import type { SearchKey } from "./KeyedHash.js"
import type { RegistryUnavailable } from "./RegistryUnavailable.js"
import { type WageSeeker, WageSeekerExists, type WageSeekerHistoryEntry } from "./WageSeeker.js"

/**
 * The most records one query returns; a larger answer is a report, which
 * pages (API-5).
 *
 * @since 0.1.0
 * @category models
 */
export const queryResultsMax = 1000

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface WageSeekerRepositoryShape {
  /** Stores a new record (version 1) with its first history entry. */
  readonly insert: (request: {
    readonly wageSeeker: WageSeeker
    readonly history: WageSeekerHistoryEntry
  }) => Effect.Effect<void, WageSeekerExists | RegistryUnavailable>
  /** Replaces a record whose stored version is `expectedVersion` and appends a history entry. */
  readonly update: (request: {
    readonly wageSeeker: WageSeeker
    readonly expectedVersion: number
    readonly history: WageSeekerHistoryEntry
  }) => Effect.Effect<void, StaleVersion | WageSeekerExists | RegistryUnavailable>
  readonly findById: (query: {
    readonly tenantId: TenantId
    readonly id: string
  }) => Effect.Effect<Option.Option<WageSeeker>, RegistryUnavailable>
  /**
   * The records of the tenant among `ids` (unknown ids are left out). At most
   * `queryResultsMax` ids per call: a caller with more splits them.
   */
  readonly findByIds: (query: {
    readonly tenantId: TenantId
    readonly ids: ReadonlyArray<string>
  }) => Effect.Effect<ReadonlyArray<WageSeeker>, RegistryUnavailable>
  readonly findByNumber: (query: {
    readonly tenantId: TenantId
    readonly number: string
  }) => Effect.Effect<Option.Option<WageSeeker>, RegistryUnavailable>
  /** The record with this identity document anywhere in the tenant's state (IND-2). */
  readonly findByIdentity: (query: {
    readonly tenantId: TenantId
    readonly documentType: string
    readonly searchKey: SearchKey
  }) => Effect.Effect<Option.Option<WageSeeker>, RegistryUnavailable>
  /** The records of the tenant paid into this bank account, ordered by number. */
  readonly findByBankAccount: (query: {
    readonly tenantId: TenantId
    readonly searchKey: SearchKey
  }) => Effect.Effect<ReadonlyArray<WageSeeker>, RegistryUnavailable>
  /** The history of a record, oldest first (IND-3). */
  readonly historyOf: (query: {
    readonly tenantId: TenantId
    readonly id: string
  }) => Effect.Effect<ReadonlyArray<WageSeekerHistoryEntry>, RegistryUnavailable>
}

/**
 * The wage seeker repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class WageSeekerRepository extends Context.Service<WageSeekerRepository, WageSeekerRepositoryShape>()(
  "@karya/core/registries/WageSeekerRepository",
) {}

interface State {
  readonly records: ReadonlyMap<string, WageSeeker>
  readonly history: ReadonlyArray<WageSeekerHistoryEntry>
}

const keyOf = (tenantId: string, id: string): string => JSON.stringify([tenantId, id])

// The record of the same state holding the identity, other than `wageSeeker` itself.
const identityHolder = (state: State, wageSeeker: WageSeeker): WageSeeker | undefined =>
  [...state.records.values()].find(
    (other) =>
      other.id !== wageSeeker.id &&
      stateTenantOf(other.tenantId) === stateTenantOf(wageSeeker.tenantId) &&
      other.identity.documentType === wageSeeker.identity.documentType &&
      other.identity.searchKey === wageSeeker.identity.searchKey,
  )

const existsError = (holder: WageSeeker): WageSeekerExists =>
  new WageSeekerExists({
    documentType: holder.identity.documentType,
    existingWageSeekerId: holder.id,
    existingTenantId: holder.tenantId,
  })

const write = (
  state: State,
  request: { readonly wageSeeker: WageSeeker; readonly history: WageSeekerHistoryEntry },
): State => ({
  records: new Map(state.records).set(
    keyOf(request.wageSeeker.tenantId, request.wageSeeker.id),
    request.wageSeeker,
  ),
  history: [...state.history, request.history],
})

const byNumber = (left: WageSeeker, right: WageSeeker): number =>
  left.number < right.number ? -1 : left.number > right.number ? 1 : 0

const inTenant = (state: State, tenantId: TenantId): ReadonlyArray<WageSeeker> =>
  [...state.records.values()].filter((record) => record.tenantId === tenantId)

const make = Effect.map(Ref.make<State>({ records: new Map(), history: [] }), (state) =>
  WageSeekerRepository.of({
    insert: (request) =>
      modifyOrFail(state, (current) => {
        const holder = identityHolder(current, request.wageSeeker)
        return holder === undefined
          ? Result.succeed([undefined, write(current, request)] as const)
          : Result.fail(existsError(holder))
      }),
    update: (request) =>
      modifyOrFail(
        state,
        (current): Result.Result<readonly [undefined, State], StaleVersion | WageSeekerExists> => {
          const stored = current.records.get(keyOf(request.wageSeeker.tenantId, request.wageSeeker.id))
          const actualVersion = stored?.version ?? 0
          if (actualVersion !== request.expectedVersion) {
            const entityId = request.wageSeeker.id
            return Result.fail(
              new StaleVersion({ entityId, expectedVersion: request.expectedVersion, actualVersion }),
            )
          }
          const holder = identityHolder(current, request.wageSeeker)
          return holder === undefined
            ? Result.succeed([undefined, write(current, request)] as const)
            : Result.fail(existsError(holder))
        },
      ),
    findById: ({ tenantId, id }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(current.records.get(keyOf(tenantId, id))),
      ),
    findByIds: ({ tenantId, ids }) =>
      Effect.map(Ref.get(state), (current) => {
        assert(ids.length <= queryResultsMax, "callers split id lists longer than queryResultsMax")
        return [...new Set(ids)].flatMap((id) => {
          const record = current.records.get(keyOf(tenantId, id))
          return record === undefined ? [] : [record]
        })
      }),
    findByNumber: ({ tenantId, number }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(inTenant(current, tenantId).find((record) => record.number === number)),
      ),
    findByIdentity: ({ tenantId, documentType, searchKey }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(
          [...current.records.values()].find(
            (record) =>
              reaches({ holder: stateTenantOf(tenantId), record: record.tenantId }) &&
              record.identity.documentType === documentType &&
              record.identity.searchKey === searchKey,
          ),
        ),
      ),
    findByBankAccount: ({ tenantId, searchKey }) =>
      Effect.map(Ref.get(state), (current) =>
        inTenant(current, tenantId)
          .filter((record) => record.bankAccount.searchKey === searchKey)
          .toSorted(byNumber)
          .slice(0, queryResultsMax),
      ),
    historyOf: ({ tenantId, id }) =>
      Effect.map(Ref.get(state), (current) =>
        current.history.filter((entry) => entry.tenantId === tenantId && entry.wageSeekerId === id),
      ),
  }),
)

/**
 * An in-memory wage seeker store: records and history in one `Ref`, each
 * write atomic (the uniqueness check and the write happen together).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WageSeekerRepository> = Layer.effect(WageSeekerRepository, make)
