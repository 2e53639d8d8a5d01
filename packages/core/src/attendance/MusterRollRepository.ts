/**
 * The store of muster rolls (MR-1..MR-6): versioned (DB-4), tenant-scoped
 * (TEN-1), one per register and week (an insert for a week that has one
 * fails with `DUPLICATE_MUSTER_ROLL` naming the existing number, which a SQL
 * implementation maps from its unique constraint, MR-2). Every
 * implementation passes `MusterRollRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Result } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { modifyOrFail } from "../registries/internal/MemoryStore.js"
import type { LocalDate } from "../time/LocalDate.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { AttendanceStoreUnavailable } from "./AttendanceStoreUnavailable.js"
import { DuplicateMusterRoll, type MusterRoll } from "./MusterRoll.js"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface MusterRollRepositoryShape {
  readonly insert: (
    musterRoll: MusterRoll,
  ) => Effect.Effect<void, DuplicateMusterRoll | AttendanceStoreUnavailable>
  /** Replaces a muster roll whose stored version is `expectedVersion` (DB-4). */
  readonly update: (request: {
    readonly musterRoll: MusterRoll
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | AttendanceStoreUnavailable>
  readonly findById: (query: {
    readonly tenantId: TenantId
    readonly id: string
  }) => Effect.Effect<Option.Option<MusterRoll>, AttendanceStoreUnavailable>
  readonly findByNumber: (query: {
    readonly tenantId: TenantId
    readonly number: string
  }) => Effect.Effect<Option.Option<MusterRoll>, AttendanceStoreUnavailable>
  /** The muster roll of a register's week, by the week's Monday (MR-2). */
  readonly findByRegisterAndWeek: (query: {
    readonly tenantId: TenantId
    readonly registerId: string
    readonly weekStart: LocalDate
  }) => Effect.Effect<Option.Option<MusterRoll>, AttendanceStoreUnavailable>
  /** A register's muster rolls, by week. */
  readonly findByRegister: (query: {
    readonly tenantId: TenantId
    readonly registerId: string
  }) => Effect.Effect<ReadonlyArray<MusterRoll>, AttendanceStoreUnavailable>
}

/**
 * The muster roll repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class MusterRollRepository extends Context.Service<MusterRollRepository, MusterRollRepositoryShape>()(
  "@karya/core/attendance/MusterRollRepository",
) {}

type State = ReadonlyMap<string, MusterRoll>

const keyOf = (tenantId: string, id: string): string => JSON.stringify([tenantId, id])

const inTenant = (state: State, tenantId: TenantId): ReadonlyArray<MusterRoll> =>
  [...state.values()].filter((musterRoll) => musterRoll.tenantId === tenantId)

const make = Effect.map(Ref.make<State>(new Map()), (state) =>
  MusterRollRepository.of({
    insert: (musterRoll) =>
      modifyOrFail(state, (current) => {
        const existing = inTenant(current, musterRoll.tenantId).find(
          (other) =>
            other.registerId === musterRoll.registerId && other.week.firstDate === musterRoll.week.firstDate,
        )
        return existing === undefined
          ? Result.succeed([
              undefined,
              new Map(current).set(keyOf(musterRoll.tenantId, musterRoll.id), musterRoll),
            ] as const)
          : Result.fail(
              new DuplicateMusterRoll({
                existingMusterRollNumber: existing.number,
                registerId: musterRoll.registerId,
                weekStart: musterRoll.week.firstDate,
              }),
            )
      }),
    update: ({ musterRoll, expectedVersion }) =>
      modifyOrFail(state, (current) => {
        const key = keyOf(musterRoll.tenantId, musterRoll.id)
        const actualVersion = current.get(key)?.version ?? 0
        return actualVersion === expectedVersion
          ? Result.succeed([undefined, new Map(current).set(key, musterRoll)] as const)
          : Result.fail(new StaleVersion({ entityId: musterRoll.id, expectedVersion, actualVersion }))
      }),
    findById: ({ tenantId, id }) =>
      Effect.map(Ref.get(state), (current) => Option.fromUndefinedOr(current.get(keyOf(tenantId, id)))),
    findByNumber: ({ tenantId, number }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(
          inTenant(current, tenantId).find((musterRoll) => musterRoll.number === number),
        ),
      ),
    findByRegisterAndWeek: ({ tenantId, registerId, weekStart }) =>
      Effect.map(Ref.get(state), (current) =>
        Option.fromUndefinedOr(
          inTenant(current, tenantId).find(
            (musterRoll) => musterRoll.registerId === registerId && musterRoll.week.firstDate === weekStart,
          ),
        ),
      ),
    findByRegister: ({ tenantId, registerId }) =>
      Effect.map(Ref.get(state), (current) =>
        inTenant(current, tenantId)
          .filter((musterRoll) => musterRoll.registerId === registerId)
          .toSorted((left, right) => (left.week.firstDate < right.week.firstDate ? -1 : 1)),
      ),
  }),
)

/**
 * An in-memory muster roll store: muster rolls in a `Ref`, each write atomic.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MusterRollRepository> = Layer.effect(MusterRollRepository, make)
