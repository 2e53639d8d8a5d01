/**
 * Deciding revised work orders (TE-3..5, WF-TE): verification, sending back
 * (to the verifier or to the CBO), approval and rejection. Approval takes
 * effect at once. A time extension moves the order's end date, its
 * attendance register's end date and its measurement book's end date to the
 * revised end date (TE-4), so the CBO can record attendance and
 * measurements for the extended period. A scope revision gives the order its
 * revised lines, overheads, amount and CBO role, and the measurement book
 * its lines and estimated quantities (TE-5), after checking again that no
 * line falls below what was recorded meanwhile. Rejection changes nothing
 * but the revision's state.
 *
 * Approval needs the order still accepted (`WORK_ORDER_NOT_ACCEPTED`: a
 * cancelled or closed order is not extended). A refused request changes
 * nothing (ERR-2).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import { type ActionFields, checkVersion, definitionOf, eventOf } from "../measurement/ActionRequest.js"
import { extendBook, reviseBookLines } from "../measurement/MeasurementBookLifecycle.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { transition } from "../workflow/WorkflowEngine.js"
import { AttendanceRegisters } from "./AttendanceRegisters.js"
import { checkScope } from "./ScopeRevisionRequests.js"
import { checkAccepted } from "./TimeExtensionRequests.js"
import type { WorkOrder } from "./WorkOrder.js"
import { getWorkOrder, WorkOrderRepository } from "./WorkOrderRepository.js"
import { approvedState, type WorkOrderRevision, workflowCode } from "./WorkOrderRevision.js"
import { getRevision, WorkOrderRevisionRepository } from "./WorkOrderRevisionRepository.js"

/**
 * A workflow action on a revised work order.
 *
 * @since 0.1.0
 * @category models
 */
export interface RevisionActionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly revisionId: string
  readonly version: number
  readonly type: string
}

/**
 * The order as an approved revision leaves it (TE-4, TE-5).
 *
 * @since 0.1.0
 * @category constructors
 */
export const revisedOrder = (workOrder: WorkOrder, revision: WorkOrderRevision): WorkOrder => {
  const change = revision.change
  const version = workOrder.version + 1
  if (change.kind === "timeExtension") return { ...workOrder, endDate: change.revisedEndDate, version }
  const { negotiation: _replaced, ...rest } = workOrder
  return {
    ...rest,
    lines: change.lines.map(({ previousLineId: _previous, ...line }) => line),
    overheads: change.overheads,
    amount: change.amount,
    cboRole: change.cboRole,
    ...(change.negotiation === undefined ? {} : { negotiation: change.negotiation }),
    version,
  }
}

const applyApproval = Effect.fn("Contracts.applyRevision")(function* (
  workOrder: WorkOrder,
  revision: WorkOrderRevision,
) {
  const next = revisedOrder(workOrder, revision)
  yield* WorkOrderRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: workOrder.version }),
  )
  const key = { tenantId: workOrder.tenantId, workOrderId: workOrder.workOrderId }
  const change = revision.change
  if (change.kind === "timeExtension") {
    yield* AttendanceRegisters.use((registers) =>
      registers.extendTo({ ...key, endDate: change.revisedEndDate }),
    )
    yield* extendBook({ ...key, endDate: change.revisedEndDate })
    return next
  }
  yield* reviseBookLines({ ...key, lines: change.lines })
  return next
})

/**
 * Takes a workflow action on a revised work order (WF-TE); approval applies
 * it to the order, its register and its book (TE-4, TE-5).
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeRevisionAction = Effect.fn("Contracts.takeRevisionAction")(function* (
  request: RevisionActionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const revision = yield* getRevision(request)
  const current = {
    entityId: revision.number,
    requestedVersion: request.version,
    currentVersion: revision.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  const definition = definitionOf(configuration, workflowCode)
  const at = yield* BusinessClock.currentInstant
  const event = eventOf(request, { type: request.type, version: revision.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, revision.workflow, event))
  const next: WorkOrderRevision = { ...revision, workflow: moved, version: revision.version + 1 }
  const isApproval = next.workflow.state === approvedState
  const workOrder = isApproval
    ? yield* Effect.flatMap(
        getWorkOrder({ tenantId: revision.tenantId, workOrderId: revision.workOrderId }),
        checkAccepted,
      )
    : undefined
  if (workOrder !== undefined && revision.change.kind === "scope")
    yield* checkScope(workOrder, revision.change)
  yield* WorkOrderRevisionRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: revision.version }),
  )
  if (workOrder !== undefined) yield* applyApproval(workOrder, next)
  return next
})
