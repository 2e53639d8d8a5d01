/**
 * The store of attendance logs (ATT-3, ATT-4), tenant-scoped (TEN-1), on the
 * one store shape of `Persistence.AggregateStore`. Logs are immutable (a
 * stored log stays at version 1). One log per client reference id in a
 * tenant (ATT-4) is the `clientReference` unique rule: a second insert fails
 * with `LOG_ALREADY_RECORDED` naming the stored log, which the use case
 * reads back and returns instead (a resend is a no-op).
 *
 * - by id: `get({ tenantId, id })` (or `ATTENDANCE_LOG_NOT_FOUND`);
 * - by client reference ids: `find` with `where: { clientReferenceId: ids }`
 *   (a page holds them all when `ids` are at most a page);
 * - a register's logs between two instants, both included (MR-3): `find` or
 *   `findAll` with `where: { registerId, at: { from, to } }`, `orderBy: "at"`,
 *   the instants as `DateTime.formatIso` writes them.
 *
 * Logs are the high-volume aggregate (NFR-1: a week run reads about 1.4 M):
 * the memory store indexes every column value, so the columns are only the
 * ones a query needs (no wage seeker, type or marker column).
 *
 * @since 0.1.0
 */
import { Context, DateTime, type Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { AttendanceLog, AttendanceLogNotFound, LogAlreadyRecorded } from "./AttendanceLog.js"

/**
 * How attendance logs are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<AttendanceLog>()({
  name: "AttendanceLog",
  schema: AttendanceLog,
  idOf: (log) => log.id,
  columns: {
    registerId: { type: "text", of: (log) => log.registerId },
    clientReferenceId: { type: "text", of: (log) => log.clientReferenceId },
    at: { type: "timestamptz", of: (log) => DateTime.formatIso(log.at), sortable: true },
  },
  uniques: {
    clientReference: {
      scope: "tenant",
      keyOf: (log) => log.clientReferenceId,
      conflict: ({ aggregate, holder }) =>
        new LogAlreadyRecorded({ clientReferenceId: aggregate.clientReferenceId, existingLogId: holder.id }),
    },
  },
  notFound: (key) => new AttendanceLogNotFound({ tenantId: key.tenantId, logId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type AttendanceLogRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

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

/**
 * An in-memory log store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AttendanceLogRepository> = AggregateStore.layerMemory(
  AttendanceLogRepository,
  descriptor,
)
