/**
 * The store of attendance logs (ATT-3, ATT-4), tenant-scoped (TEN-1). Logs
 * are immutable and unique per (tenant, client reference id): storing a log
 * whose reference id is already stored is a no-op that returns the stored
 * log (ATT-4), so a SQL implementation is `INSERT … ON CONFLICT DO NOTHING`
 * followed by a read. Muster rolls read a register's logs between two
 * instants (MR-3). Every implementation passes
 * `AttendanceLogRepositorySuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Ref } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { AttendanceLog } from "./AttendanceLog.js"
import type { AttendanceStoreUnavailable } from "./AttendanceStoreUnavailable.js"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface AttendanceLogRepositoryShape {
  /**
   * Stores the logs whose client reference ids are new and returns, in
   * request order, the log stored under each reference id: the new log, or
   * the one stored before (ATT-4). Within one call the first log of a
   * reference id wins.
   */
  readonly insertMany: (request: {
    readonly tenantId: TenantId
    readonly logs: ReadonlyArray<AttendanceLog>
  }) => Effect.Effect<ReadonlyArray<AttendanceLog>, AttendanceStoreUnavailable>
  /** The stored logs with these reference ids (unknown ids are left out). */
  readonly findByClientReferenceIds: (query: {
    readonly tenantId: TenantId
    readonly clientReferenceIds: ReadonlyArray<string>
  }) => Effect.Effect<ReadonlyArray<AttendanceLog>, AttendanceStoreUnavailable>
  /** The register's logs with `from ≤ at ≤ to`, ordered by instant then reference id. */
  readonly findByRegisterBetween: (query: {
    readonly tenantId: TenantId
    readonly registerId: string
    readonly from: DateTime.Utc
    readonly to: DateTime.Utc
  }) => Effect.Effect<ReadonlyArray<AttendanceLog>, AttendanceStoreUnavailable>
}

/**
 * The attendance log repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class AttendanceLogRepository extends Context.Service<
  AttendanceLogRepository,
  AttendanceLogRepositoryShape
>()("@karya/core/attendance/AttendanceLogRepository") {}

type State = ReadonlyMap<string, AttendanceLog>

const keyOf = (tenantId: string, clientReferenceId: string): string =>
  JSON.stringify([tenantId, clientReferenceId])

const byInstantThenReference = (left: AttendanceLog, right: AttendanceLog): number => {
  const difference = DateTime.toEpochMillis(left.at) - DateTime.toEpochMillis(right.at)
  if (difference !== 0) return difference
  return left.clientReferenceId < right.clientReferenceId
    ? -1
    : left.clientReferenceId > right.clientReferenceId
      ? 1
      : 0
}

const make = Effect.map(Ref.make<State>(new Map()), (state) =>
  AttendanceLogRepository.of({
    insertMany: ({ tenantId, logs }) =>
      Ref.modify(state, (current) => {
        const next = new Map(current)
        const stored = logs.map((log) => {
          const key = keyOf(tenantId, log.clientReferenceId)
          const existing = next.get(key)
          if (existing !== undefined) return existing
          next.set(key, log)
          return log
        })
        return [stored, next] as const
      }),
    findByClientReferenceIds: ({ tenantId, clientReferenceIds }) =>
      Effect.map(Ref.get(state), (current) =>
        [...new Set(clientReferenceIds)].flatMap((id) => {
          const log = current.get(keyOf(tenantId, id))
          return log === undefined ? [] : [log]
        }),
      ),
    findByRegisterBetween: ({ tenantId, registerId, from, to }) =>
      Effect.map(Ref.get(state), (current) =>
        [...current.values()]
          .filter(
            (log) =>
              log.tenantId === tenantId &&
              log.registerId === registerId &&
              DateTime.toEpochMillis(log.at) >= DateTime.toEpochMillis(from) &&
              DateTime.toEpochMillis(log.at) <= DateTime.toEpochMillis(to),
          )
          .toSorted(byInstantThenReference),
      ),
  }),
)

/**
 * An in-memory log store: logs keyed by (tenant, reference id) in a `Ref`,
 * each batch stored atomically.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AttendanceLogRepository> = Layer.effect(AttendanceLogRepository, make)
