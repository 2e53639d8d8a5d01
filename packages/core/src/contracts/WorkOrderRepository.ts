/**
 * The work-order repository port (ARCH-3, TEN-1, DB-4): work orders stored
 * per tenant as versioned aggregates. An insert expects no record with the
 * id; an update names the version it was decided on and stores the next
 * one, failing with `STALE_VERSION` when another change came first (WF-4),
 * so a refused change leaves the record as it was. Queries cover what the
 * rules search on: by number, by project, organisation, estimate and status,
 * and which active order holds an estimate line (WO-2).
 *
 * Every implementation passes `WorkOrderRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as MemoryTable from "../measurement/MemoryTable.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import {
  estimateIdsOf,
  heldLineIds,
  isActive,
  statusOf,
  type WorkOrder,
  type WorkOrderStatus,
} from "./WorkOrder.js"

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
 * What to search work orders by; criteria combine with AND, and none lists
 * every order of the tenant.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderCriteria {
  readonly projectId?: string
  readonly organisationId?: string
  readonly estimateId?: string
  readonly status?: WorkOrderStatus
}

/**
 * The port's operations. Every list is ordered by work-order number.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderRepositoryShape {
  readonly insert: (workOrder: WorkOrder) => Effect.Effect<void, StaleVersion>
  readonly update: (change: {
    readonly workOrder: WorkOrder
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | WorkOrderNotFound>
  readonly findById: (key: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<Option.Option<WorkOrder>>
  readonly findByNumber: (key: {
    readonly tenantId: TenantId
    readonly number: string
  }) => Effect.Effect<Option.Option<WorkOrder>>
  readonly search: (query: {
    readonly tenantId: TenantId
    readonly criteria: WorkOrderCriteria
  }) => Effect.Effect<ReadonlyArray<WorkOrder>>
  /** The active orders (WO-2, `WorkOrder.isActive`) holding any of the lines. */
  readonly activeHoldersOfLines: (query: {
    readonly tenantId: TenantId
    readonly lineIds: ReadonlyArray<string>
  }) => Effect.Effect<ReadonlyArray<LineHolder>>
}

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
 * The work order, or `WORK_ORDER_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getWorkOrder = (key: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<WorkOrder, WorkOrderNotFound, WorkOrderRepository> =>
  WorkOrderRepository.use((repository) =>
    Effect.flatMap(repository.findById(key), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new WorkOrderNotFound({ tenantId: key.tenantId, workOrderId: key.workOrderId })),
    ),
  )

const byNumber = (left: WorkOrder, right: WorkOrder): number =>
  left.number < right.number ? -1 : left.number > right.number ? 1 : 0

const matches = (workOrder: WorkOrder, criteria: WorkOrderCriteria): boolean =>
  (criteria.projectId === undefined || workOrder.projectId === criteria.projectId) &&
  (criteria.organisationId === undefined || workOrder.organisationId === criteria.organisationId) &&
  (criteria.estimateId === undefined || estimateIdsOf(workOrder).includes(criteria.estimateId)) &&
  (criteria.status === undefined || statusOf(workOrder) === criteria.status)

const holdersIn = (
  workOrders: ReadonlyArray<WorkOrder>,
  lineIds: ReadonlyArray<string>,
): ReadonlyArray<LineHolder> =>
  workOrders.filter(isActive).flatMap((workOrder) =>
    heldLineIds(workOrder)
      .filter((lineId) => lineIds.includes(lineId))
      .map((lineId) => ({ lineId, workOrderId: workOrder.workOrderId, workOrderNumber: workOrder.number })),
  )

/**
 * An in-memory repository: orders live in a `Ref` for as long as the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WorkOrderRepository> = Layer.effect(
  WorkOrderRepository,
  Effect.map(
    MemoryTable.make<WorkOrder>((workOrder) => workOrder.workOrderId),
    (table) => {
      const sorted = (tenantId: TenantId) =>
        Effect.map(table.ofTenant(tenantId), (all) => [...all].sort(byNumber))
      return WorkOrderRepository.of({
        insert: table.insert,
        update: ({ workOrder, expectedVersion }) =>
          Effect.flatMap(table.update(workOrder, expectedVersion), (outcome) =>
            outcome === "updated"
              ? Effect.void
              : Effect.fail(
                  new WorkOrderNotFound({ tenantId: workOrder.tenantId, workOrderId: workOrder.workOrderId }),
                ),
          ),
        findById: ({ tenantId, workOrderId }) => table.find(tenantId, workOrderId),
        findByNumber: ({ tenantId, number }) =>
          Effect.map(table.ofTenant(tenantId), (all) =>
            Option.fromNullishOr(all.find((workOrder) => workOrder.number === number)),
          ),
        search: ({ tenantId, criteria }) =>
          Effect.map(sorted(tenantId), (all) => all.filter((workOrder) => matches(workOrder, criteria))),
        activeHoldersOfLines: ({ tenantId, lineIds }) =>
          Effect.map(sorted(tenantId), (all) => holdersIn(all, lineIds)),
      })
    },
  ),
)
