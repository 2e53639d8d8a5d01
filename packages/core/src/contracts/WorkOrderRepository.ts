/**
 * The store of work orders (WO-1..10): versioned aggregates (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. The columns are what the rules search on
 * and what a KPI sums: number, project, organisation, the estimates made
 * from, the estimate lines held (WO-2), the derived status, the amount and
 * the dates.
 *
 * - by id: `get({ tenantId, id })` (or `WORK_ORDER_NOT_FOUND`), or
 *   `getWorkOrder({ tenantId, workOrderId })`;
 * - by number: `findFirst(repository, { tenantId, where: { number } })`;
 * - by project, organisation, estimate (`estimateIds`) and status: `find`
 *   with those conditions, `orderBy: "number"`;
 * - the active orders holding estimate lines (WO-2): `activeHoldersOfLines`,
 *   a `find` on `heldLineIds` and `status` read by `lineHoldersOf`.
 *
 * @since 0.1.0
 */
import { Context, Effect, type Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { pageSizeMax } from "../persistence/Page.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { activeStatuses, estimateIdsOf, heldLineIds, isActive, statusOf, WorkOrder } from "./WorkOrder.js"

/**
 * No work order with the id exists in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOrderNotFound extends Schema.TaggedError<WorkOrderNotFound>(
  "@karya/core/contracts/WorkOrderNotFound",
)("WorkOrderNotFound", {
  tenantId: Schema.String,
  workOrderId: Schema.String,
}) {
  static readonly code = "WORK_ORDER_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = WorkOrderNotFound.code
  readonly category = WorkOrderNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No work order ${this.workOrderId} exists in ${this.tenantId}; search for the work order again.`
  }
}

/**
 * How work orders are stored. Dates an order does not have yet (issue,
 * acceptance due, start, end) are null.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<WorkOrder>()({
  name: "WorkOrder",
  schema: WorkOrder,
  idOf: (workOrder) => workOrder.workOrderId,
  columns: {
    number: { type: "text", of: (workOrder) => workOrder.number, sortable: true },
    projectId: { type: "text", of: (workOrder) => workOrder.projectId },
    organisationId: { type: "text", of: (workOrder) => workOrder.organisationId },
    estimateIds: { type: "textList", of: estimateIdsOf },
    heldLineIds: { type: "textList", of: heldLineIds },
    status: { type: "text", of: statusOf },
    amount: {
      type: "numeric",
      of: (workOrder) => Amount.toCanonicalString(workOrder.amount),
      sortable: true,
    },
    issueDate: { type: "date", of: (workOrder) => workOrder.issueDate ?? null },
    acceptanceDueDate: { type: "date", of: (workOrder) => workOrder.acceptanceDueDate ?? null },
    startDate: { type: "date", of: (workOrder) => workOrder.startDate ?? null },
    endDate: { type: "date", of: (workOrder) => workOrder.endDate ?? null },
  },
  uniques: {},
  notFound: (key) => new WorkOrderNotFound({ tenantId: key.tenantId, workOrderId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkOrderRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The work-order repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class WorkOrderRepository extends Context.Service<WorkOrderRepository, WorkOrderRepositoryShape>()(
  "@karya/core/contracts/WorkOrderRepository",
) {}

/**
 * An in-memory work-order store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WorkOrderRepository> = AggregateStore.layerMemory(
  WorkOrderRepository,
  descriptor,
)

/**
 * The work order, or `WORK_ORDER_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getWorkOrder = (key: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<WorkOrder, WorkOrderNotFound | StoreUnavailable, WorkOrderRepository> =>
  WorkOrderRepository.use((repository) => repository.get({ tenantId: key.tenantId, id: key.workOrderId }))

/**
 * An active work order holding an estimate line (WO-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface LineHolder {
  readonly lineId: string
  readonly workOrderId: string
  readonly workOrderNumber: string
}

/**
 * The holders of `lineIds` among `workOrders`: each line an active order
 * (`WorkOrder.isActive`) holds, in the orders' order.
 *
 * @since 0.1.0
 * @category conversions
 */
export const lineHoldersOf = (
  workOrders: ReadonlyArray<WorkOrder>,
  lineIds: ReadonlyArray<string>,
): ReadonlyArray<LineHolder> =>
  workOrders.filter(isActive).flatMap((workOrder) =>
    heldLineIds(workOrder)
      .filter((lineId) => lineIds.includes(lineId))
      .map((lineId) => ({ lineId, workOrderId: workOrder.workOrderId, workOrderNumber: workOrder.number })),
  )

/**
 * The most active orders `activeHoldersOfLines` reads (house rule 8): the
 * holders are the other orders made from the same estimates, each holding
 * its own share of their lines (WO-2), a handful per estimate. Nothing
 * bounds the lines one request asks about (an order may combine any number
 * of estimates, WO-1), so past this the read stops and answers the first
 * page of holders: every caller refuses as soon as one order other than
 * itself holds a line (`LINE_IN_OTHER_CONTRACT`), and a page of holders
 * has more than the one order a caller may leave out.
 *
 * @since 0.1.0
 * @category models
 */
export const lineHoldersMax = 500

/**
 * The active orders holding any of the lines (WO-2), ordered by number:
 * all of them, or the first page of them when more than `lineHoldersMax`
 * orders hold the lines (enough for any caller to refuse).
 *
 * @since 0.1.0
 * @category constructors
 */
export const activeHoldersOfLines = (request: {
  readonly tenantId: TenantId
  readonly lineIds: ReadonlyArray<string>
}): Effect.Effect<ReadonlyArray<LineHolder>, StoreUnavailable, WorkOrderRepository> =>
  WorkOrderRepository.use((repository) =>
    Effect.gen(function* () {
      const query = {
        tenantId: request.tenantId,
        where: { heldLineIds: request.lineIds, status: activeStatuses },
        orderBy: "number" as const,
      }
      const all = yield* AggregateStore.findAllWithin(repository, query, { itemsMax: lineHoldersMax })
      const holders = Option.isSome(all)
        ? all.value
        : (yield* repository.find({ ...query, limit: pageSizeMax }).pipe(
            // A request without a cursor, at the largest page, cannot be refused for its page.
            Effect.catchTags({
              CursorInvalid: (error) => Effect.die(error),
              PageSizeInvalid: (error) => Effect.die(error),
            }),
          )).items
      return lineHoldersOf(holders, request.lineIds)
    }),
  )
