/**
 * The store of attendance registers (ATT-1, ATT-2): versioned (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. One register per work order (ATT-1) is the
 * `workOrder` unique rule: a write that would break it fails with
 * `ATTENDANCE_REGISTER_EXISTS` naming the holder.
 *
 * - by id: `get({ tenantId, id })` (or `ATTENDANCE_REGISTER_NOT_FOUND`);
 * - by work order or number: `findFirst(repository, { tenantId, where: { workOrderId } })`;
 * - a CBO's registers: `find` with `where: { organisationId }`, `orderBy: "number"`.
 *
 * @since 0.1.0
 */
import { Context, type Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import {
  AttendanceRegister,
  AttendanceRegisterExists,
  AttendanceRegisterNotFound,
} from "./AttendanceRegister.js"

/**
 * How attendance registers are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<AttendanceRegister>()({
  name: "AttendanceRegister",
  schema: AttendanceRegister,
  idOf: (register) => register.id,
  columns: {
    number: { type: "text", of: (register) => register.number, sortable: true },
    workOrderId: { type: "text", of: (register) => register.workOrderId },
    organisationId: { type: "text", of: (register) => register.organisationId },
    status: { type: "text", of: (register) => register.status },
    startDate: { type: "date", of: (register) => register.startDate, sortable: true },
    endDate: { type: "date", of: (register) => register.endDate, sortable: true },
  },
  uniques: {
    workOrder: {
      scope: "tenant",
      keyOf: (register) => register.workOrderId,
      conflict: ({ aggregate, holder }) =>
        new AttendanceRegisterExists({ workOrderId: aggregate.workOrderId, existingRegisterId: holder.id }),
    },
  },
  notFound: (key) => new AttendanceRegisterNotFound({ tenantId: key.tenantId, registerId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type AttendanceRegisterRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

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

/**
 * An in-memory register store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AttendanceRegisterRepository> = AggregateStore.layerMemory(
  AttendanceRegisterRepository,
  descriptor,
)
