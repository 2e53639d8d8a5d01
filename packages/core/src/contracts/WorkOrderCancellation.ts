/**
 * Cancelling a work order (WO-10): an order issued to a CBO (pending its
 * acceptance) or accepted can be cancelled by an officer with a reason.
 * Cancelling an accepted order cancels its measurement book: entries still
 * in the workflow become cancelled, while what was approved before stays
 * payable; its attendance register is closed. A cancelled order releases
 * its estimate lines (WO-2).
 *
 * Decisions where the spec is silent: cancellation is outside the WF-WO
 * definition (whose accepted state is final), so it is recorded on the order
 * rather than as a transition; it needs the `WORK_ORDER_APPROVER` role (the
 * officer who issued the order) in the tenant or its state; orders still
 * being prepared are rejected through the workflow instead.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import { checkVersion } from "../measurement/ActionRequest.js"
import { cancelBook } from "../measurement/MeasurementBookLifecycle.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import {
  commentLengthMax,
  commentRequiredCode,
  commentTooLongCode,
  RoleNotAllowed,
} from "../workflow/WorkflowEngine.js"
import { AttendanceRegisters } from "./AttendanceRegisters.js"
import { statusOf, type WorkOrder } from "./WorkOrder.js"
import { getWorkOrder, WorkOrderRepository } from "./WorkOrderRepository.js"

/**
 * The roles that may cancel a work order.
 *
 * @since 0.1.0
 * @category models
 */
export const cancellationRoles: ReadonlyArray<string> = ["WORK_ORDER_APPROVER"]

/**
 * The action name cancellation is reported under when refused for the role.
 *
 * @since 0.1.0
 * @category models
 */
export const cancelAction = "CANCEL"

/**
 * The order is neither pending acceptance nor accepted, so it cannot be
 * cancelled.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOrderNotCancellable extends Schema.TaggedError<WorkOrderNotCancellable>(
  "@karya/core/contracts/WorkOrderNotCancellable",
)("WorkOrderNotCancellable", {
  workOrderNumber: Schema.String,
  status: Schema.String,
}) {
  static readonly code = "WORK_ORDER_NOT_CANCELLABLE"
  static readonly category = "rule"
  readonly code = WorkOrderNotCancellable.code
  readonly category = WorkOrderNotCancellable.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderNumber} is ${this.status}; only an order issued to or accepted by a CBO can be cancelled (reject an order still in preparation instead).`
  }
}

/**
 * A request to cancel a work order.
 *
 * @since 0.1.0
 * @category models
 */
export interface CancelWorkOrderRequest {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly version: number
  readonly actor: Actor
  readonly reason: string
}

const reasonProblems = (reason: string) => {
  const trimmed = reason.trim()
  if (trimmed === "") {
    return [{ field: "reason", code: commentRequiredCode, message: "say why the work order is cancelled" }]
  }
  if (trimmed.length > commentLengthMax) {
    const message = `shorten the reason to at most ${commentLengthMax} characters`
    return [{ field: "reason", code: commentTooLongCode, message, limit: String(commentLengthMax) }]
  }
  return []
}

const checkRequest = (workOrder: WorkOrder, request: CancelWorkOrderRequest) => {
  if (!holdsAnyRole(request.actor, { roles: cancellationRoles, tenantId: workOrder.tenantId })) {
    return Effect.fail(
      new RoleNotAllowed({
        entityId: workOrder.number,
        tenantId: workOrder.tenantId,
        userId: request.actor.userId,
        action: cancelAction,
        rolesAllowed: cancellationRoles,
      }),
    )
  }
  const status = statusOf(workOrder)
  if (status !== "accepted" && status !== "pendingAcceptance") {
    return Effect.fail(new WorkOrderNotCancellable({ workOrderNumber: workOrder.number, status }))
  }
  const [first, ...rest] = reasonProblems(request.reason)
  return first === undefined
    ? Effect.void
    : Effect.fail(new ValidationFailed({ subject: "cancellation", problems: [first, ...rest] }))
}

/**
 * Cancels a work order (WO-10). Returns the cancelled order and the numbers
 * of the measurement entries cancelled with it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cancelWorkOrder = Effect.fn("Contracts.cancelWorkOrder")(function* (
  request: CancelWorkOrderRequest,
) {
  const workOrder = yield* getWorkOrder(request)
  const current = {
    entityId: workOrder.number,
    requestedVersion: request.version,
    currentVersion: workOrder.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  yield* checkRequest(workOrder, request)
  const at = yield* BusinessClock.currentInstant
  const next: WorkOrder = {
    ...workOrder,
    cancellation: {
      cause: "officerDecision",
      at,
      actorId: request.actor.userId,
      reason: request.reason.trim(),
    },
    version: workOrder.version + 1,
  }
  yield* WorkOrderRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: workOrder.version }),
  )
  if (statusOf(workOrder) !== "accepted")
    return { workOrder: next, cancelledEntries: [] as ReadonlyArray<string> }
  const key = { tenantId: workOrder.tenantId, workOrderId: workOrder.workOrderId }
  const cancelledEntries = yield* cancelBook({ ...key, at })
  yield* AttendanceRegisters.use((registers) => registers.close(key))
  return { workOrder: next, cancelledEntries }
})
