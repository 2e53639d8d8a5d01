/**
 * The store of attendance registers (ATT-1, ATT-2): versioned (DB-4),
 * tenant-scoped (TEN-1), one register per work order (an insert for an order
 * that has one fails with `ATTENDANCE_REGISTER_EXISTS`, which a SQL
 * implementation maps from its unique constraint). Every implementation
 * passes `AttendanceRegisterRepositorySuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Result } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { modifyOrFail } from "../registries/internal/MemoryStore.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { type AttendanceRegister, AttendanceRegisterExists } from "./AttendanceRegister.js"
import type { AttendanceStoreUnavailable } from "./AttendanceStoreUnavailable.js"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface AttendanceRegisterRepositoryShape {
  readonly insert: (
    register: AttendanceRegister,
  ) => Effect.Effect<void, AttendanceRegisterExists | AttendanceStoreUnavailable>
  /** Replaces a register whose stored version is `expectedVersion` (DB-4). */
  readonly update: (request: {
    readonly register: AttendanceRegister
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | AttendanceStoreUnavailable>
  readonly findById: (query: {
    readonly tenantId: TenantId
    readonly id: string
  }) => Effect.Effect<Option.Option<AttendanceRegister>, AttendanceStoreUnavailable>
  readonly findByWorkOrderId: (query: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<Option.Option<AttendanceRegister>, AttendanceStoreUnavailable>
  readonly findByNumber: (query: {
    readonly tenantId: TenantId
    readonly number: string
  }) => Effect.Effect<Option.Option<AttendanceRegister>, AttendanceStoreUnavailable>
}

/**
 * The attendance register repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class AttendanceRegisterRepository extends Context.Service<
  AttendanceRegisterRepository,
  AttendanceRegisterRepositoryShape
>()("@karya/core/attendance/AttendanceRegisterRepository") {}

type State = ReadonlyMap<string, AttendanceRegister>

const keyOf = (tenantId: string, id: string): string => JSON.stringify([tenantId, id])

const findIn = (state: State, tenantId: TenantId, matches: (register: AttendanceRegister) => boolean) =>
  Option.fromUndefinedOr(
    [...state.values()].find((register) => register.tenantId === tenantId && matches(register)),
  )

const make = Effect.map(Ref.make<State>(new Map()), (state) =>
  AttendanceRegisterRepository.of({
    insert: (register) =>
      modifyOrFail(state, (current) => {
        const existing = findIn(
          current,
          register.tenantId,
          (other) => other.workOrderId === register.workOrderId,
        )
        return Option.isSome(existing)
          ? Result.fail(
              new AttendanceRegisterExists({
                workOrderId: register.workOrderId,
                existingRegisterNumber: existing.value.number,
              }),
            )
          : Result.succeed([
              undefined,
              new Map(current).set(keyOf(register.tenantId, register.id), register),
            ] as const)
      }),
    update: ({ register, expectedVersion }) =>
      modifyOrFail(state, (current) => {
        const actualVersion = current.get(keyOf(register.tenantId, register.id))?.version ?? 0
        return actualVersion === expectedVersion
          ? Result.succeed([
              undefined,
              new Map(current).set(keyOf(register.tenantId, register.id), register),
            ] as const)
          : Result.fail(new StaleVersion({ entityId: register.id, expectedVersion, actualVersion }))
      }),
    findById: ({ tenantId, id }) =>
      Effect.map(Ref.get(state), (current) => Option.fromUndefinedOr(current.get(keyOf(tenantId, id)))),
    findByWorkOrderId: ({ tenantId, workOrderId }) =>
      Effect.map(Ref.get(state), (current) =>
        findIn(current, tenantId, (register) => register.workOrderId === workOrderId),
      ),
    findByNumber: ({ tenantId, number }) =>
      Effect.map(Ref.get(state), (current) =>
        findIn(current, tenantId, (register) => register.number === number),
      ),
  }),
)

/**
 * An in-memory register store: registers in a `Ref`, each write atomic.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AttendanceRegisterRepository> = Layer.effect(
  AttendanceRegisterRepository,
  make,
)
